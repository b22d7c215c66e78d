package dev.switchboard.websocket;

/** Why a client could not open a connection; see {@link WebSocketConnectException#failure()}. */
public enum ConnectFailure {
  /** The host name could not be resolved. */
  DNS_FAILURE,
  /** Nothing listens at the address (TCP RST). */
  CONNECTION_REFUSED,
  /** TCP did not connect within the connect timeout. */
  CONNECT_TIMEOUT,
  /** The TLS handshake failed: untrusted certificate, wrong host name, no common cipher. */
  TLS_FAILURE,
  /** The server answered the upgrade with an HTTP status other than 101. */
  HTTP_STATUS,
  /** The server answered 101 with a response that breaks RFC 6455 §4.1 (wrong accept key...). */
  INVALID_HANDSHAKE,
  /** No complete 101 answer arrived within the handshake timeout. */
  HANDSHAKE_TIMEOUT,
  /** The connection closed or failed before the handshake completed. */
  CONNECTION_LOST,
  /** The caller cancelled the connect. */
  CANCELLED,
  /** The proxy could not be reached, refused the tunnel, or did not open it within 10 s. */
  PROXY_FAILURE,
  /** The proxy wants credentials, or rejected ours (HTTP 407, or 401 to CONNECT; SOCKS5 authentication failure). */
  PROXY_AUTH_FAILURE;

  /**
   * Whether trying again may help: network failures, timeouts, a lost connection and a proxy
   * that failed; not a TLS failure, an invalid handshake, a proxy refusing our credentials or a
   * cancel. {@link #HTTP_STATUS} depends on the status: see {@link
   * WebSocketConnectException#isRetryable()}.
   */
  public boolean isRetryable() {
    switch (this) {
      case DNS_FAILURE:
      case CONNECTION_REFUSED:
      case CONNECT_TIMEOUT:
      case HANDSHAKE_TIMEOUT:
      case CONNECTION_LOST:
      case PROXY_FAILURE:
        return true;
      default:
        return false;
    }
  }
}
