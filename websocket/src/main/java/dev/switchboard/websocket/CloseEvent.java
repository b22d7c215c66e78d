package dev.switchboard.websocket;

import dev.switchboard.protocol.CloseCode;

/**
 * How a session ended: the one terminal event of every session. Immutable and thread-safe.
 *
 * @param code the code of the peer's close frame, whoever closed first (RFC 6455 §7.1.5); 1005 if
 *     that frame had no code; when no close frame arrived, the code we failed the connection with
 *     (1002, 1007, 1009, 1011...) or else 1006 (our close unanswered, or the connection lost)
 * @param reason the reason of the peer's close frame, or of ours when we failed the connection;
 *     maybe empty
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
