package dev.switchboard.websocket;

import dev.switchboard.protocol.CloseCode;

/** The peer broke RFC 6455; carried by the {@link CloseEvent} of the session it ended. */
public class ProtocolViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final CloseCode closeCode;

  public ProtocolViolationException(CloseCode closeCode, String message) {
    super(message + " (closed with " + closeCode.code() + ")");
    this.closeCode = closeCode;
  }

  /** The close code sent to the peer. */
  public CloseCode closeCode() {
    return closeCode;
  }
}
