package dev.switchboard.websocket;

/** A session's state as the WebSocket API of browsers names it. */
public enum ReadyState {
  /** The opening handshake has not completed. */
  CONNECTING,
  /** Messages flow both ways. */
  OPEN,
  /** A close frame was sent or received; the closing handshake is under way. */
  CLOSING,
  /** The connection is closed; {@link Endpoint#onClose} has been or is being called. */
  CLOSED
}
