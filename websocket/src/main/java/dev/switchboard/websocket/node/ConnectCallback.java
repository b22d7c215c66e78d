package dev.switchboard.websocket.node;

import dev.switchboard.websocket.UpgradeRequest;

/**
 * Node's {@code callbackConnect(headerValues, socket, ready)}: sees each opening request before the
 * handshake completes, to authenticate it before any message flows. The handshake completes only
 * when {@code ready} is run; a request whose {@code ready} is not run within {@link
 * ServerOptions#handshakeTimeout()} (5 s by default) fails: its socket is closed and {@link
 * OpenCallback} gets a {@link java.util.concurrent.TimeoutException}.
 *
 * <p>Called on the connection's event loop; do not block in it. {@code ready} and {@link
 * PendingSocket#reject} may be called later, from any thread; only the first of them counts.
 */
@FunctionalInterface
public interface ConnectCallback {

  /** Accepts every request at once: {@code ready.run()}. */
  ConnectCallback ACCEPT_ALL = (headerValues, socket, ready) -> ready.run();

  /**
   * @param headerValues the request: its path, query and header values
   * @param socket the connection, not yet a WebSocket: its addresses, and a way to refuse it
   * @param ready run it to complete the handshake
   */
  void onConnect(UpgradeRequest headerValues, PendingSocket socket, Runnable ready);
}
