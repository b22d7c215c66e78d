package dev.switchboard.websocket.node;

/**
 * The socket of an opening request that {@link ConnectCallback} has not yet made ready.
 * Thread-safe.
 */
public interface PendingSocket {

  /** Its local and remote address and port. */
  AddressInfo address();

  /** Whether the connection is TLS ({@code wss}). */
  boolean isSecure();

  /**
   * Refuses the handshake with an HTTP status (400–599) and a plain-text body, then closes the
   * socket; {@link OpenCallback} gets an {@link dev.switchboard.websocket.UpgradeRejectedException}.
   * Returns false if the handshake was already decided, timed out, or the client went away.
   */
  boolean reject(int status, String body);
}
