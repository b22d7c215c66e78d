package dev.switchboard.websocket;

/** Where a client connect attempt is; reported by {@link ConnectCancelledException#stage()}. */
public enum ConnectStage {
  /**
   * Resolving the host name and opening TCP (to the proxy, when there is one). Name resolution
   * uses the JDK's blocking resolver on the event loop, so a cancel during a slow DNS lookup takes
   * effect when the lookup returns.
   */
  TCP,
  /** TCP is up; the proxy is being asked to open the tunnel (HTTP CONNECT or SOCKS5). */
  PROXY,
  /** The TLS handshake of a {@code wss://} connection. */
  TLS,
  /** The upgrade request is out; waiting for the server's 101. */
  HANDSHAKE,
  /** Between attempts: the backoff delay before the next retry. */
  WAITING_TO_RETRY
}
