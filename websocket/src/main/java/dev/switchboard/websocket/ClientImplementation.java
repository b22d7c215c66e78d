package dev.switchboard.websocket;

/**
 * What carries a {@link WebSocketClient}'s connections; chosen per client with {@link
 * WebSocketClient.Builder#implementation}. Both serve the same {@link Session} and {@link
 * Connection} API (retries, reconnection, the offline queue, heartbeats, events); {@link
 * Session#unwrap} reaches the object underneath. See {@code docs/client.md}, "Choosing the
 * implementation".
 */
public enum ClientImplementation {
  /**
   * Netty (the default): every option, including permessage-deflate, SOCKS5 and authenticated
   * proxies, client certificates and frame-level limits. {@code unwrap(io.netty.channel.Channel.class)}.
   */
  NETTY,
  /**
   * The JDK's {@code java.net.http.WebSocket} (no Netty on the network path). The options it cannot
   * honour (compression, SOCKS5, proxy credentials, client certificates, {@code
   * maxFramePayloadBytes} below {@code maxMessageBytes}, {@code maxHandshakeHeaderBytes}, unmasked
   * frames) make
   * {@code build()} (or {@code open}, for a request's own proxy) throw an {@link
   * UnsupportedOperationException} naming the option. {@code unwrap(java.net.http.WebSocket.class)}.
   */
  JDK
}
