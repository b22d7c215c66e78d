package dev.switchboard.websocket;

/**
 * A message given to a {@link Connection} that was not taken: the connection is not open and
 * its {@link OfflineQueue} is off or full, or the connection is closing or closed. The message
 * was not sent and will not be; the exception's message says why and what to do.
 */
public final class SendRejectedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SendRejectedException(String message) {
    super(message);
  }
}
