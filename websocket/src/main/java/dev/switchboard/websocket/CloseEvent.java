package dev.switchboard.websocket;

import dev.switchboard.protocol.CloseCode;

/**
 * How a session ended: the one terminal event of every session. Immutable and thread-safe.
 *
 * @param code the close code: the peer's when it closed first, ours when we did and it answered,
 *     1005 if a close frame had no code, 1006 if the connection ended without a closing handshake
 * @param reason the close reason, maybe empty
 * @param wasClean true if close frames were exchanged both ways before the connection ended
 * @param remote true if the peer started the close (or the connection dropped under us)
 * @param error the failure that ended the session, or null: a protocol violation by the peer,
 *     an exception thrown by application code, a timeout or an I/O error
 */
public record CloseEvent(int code, String reason, boolean wasClean, boolean remote, Throwable error) {

  public CloseEvent {
    reason = reason == null ? "" : reason;
  }

  /** The registered constant for {@link #code()}, or null for application codes. */
  public CloseCode closeCode() {
    return CloseCode.fromCode(code);
  }

  @Override
  public String toString() {
    return "CloseEvent[" + code + (reason.isEmpty() ? "" : " '" + reason + "'")
        + (wasClean ? ", clean" : ", unclean") + (remote ? ", remote" : ", local")
        + (error != null ? ", error=" + error : "") + "]";
  }
}
