package dev.switchboard.websocket;

/** Where a {@link Connection} is in its life; see {@link Connection#status()}. */
public enum ConnectionStatus {
  /** The first attempt is under way. */
  CONNECTING,
  /** A session is open: messages flow. */
  OPEN,
  /**
   * The first attempt failed with a retryable error, or the open session dropped and a reconnect
   * policy is on: waiting for the backoff to pass, or trying again.
   */
  RETRYING,
  /** {@link Connection#close} was called; the closing handshake is under way. */
  CLOSING,
  /** Over: closed, failed, given up or cancelled. {@link Connection#closed()} is complete. */
  CLOSED
}
