package dev.switchboard.websocket;

import java.util.concurrent.TimeoutException;

/**
 * No frame came from the peer within {@link Limits#pingTimeout()} of a heartbeat ping (see
 * {@link Limits#pingInterval()}): the connection was dropped and reported as 1006 with this error
 * in {@link CloseEvent#error()}. A {@link Connection} with a reconnect policy then reconnects.
 */
public final class HeartbeatTimeoutException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  public HeartbeatTimeoutException(String message) {
    super(message);
  }
}
