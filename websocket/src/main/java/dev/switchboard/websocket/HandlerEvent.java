package dev.switchboard.websocket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The context of one {@link WebSocketHandler} callback: which callback it is, the session, and
 * the message, error or close information that goes with it. Immutable and thread-safe, except
 * that a binary message's {@link #data()} is borrowed: valid only during the callback.
 *
 * @param kind which callback this is (Dirigible's "method")
 * @param session the session, on either side
 * @param messageType for {@link Kind#MESSAGE}, whether {@link #text()} or {@link #data()} holds
 *     it; otherwise null
 * @param text a text message, or null
 * @param data a binary message (borrowed, read-only), or null
 * @param error for {@link Kind#ERROR}, the failure; for {@link Kind#CLOSE}, the failure that ended
 *     the session, if any; otherwise null
 * @param closeEvent for {@link Kind#CLOSE}, how the session ended; otherwise null
 */
public record HandlerEvent(
    Kind kind, Session session, MessageType messageType, String text, ByteBuffer data, Throwable error,
    CloseEvent closeEvent) {

  /** The four callbacks. */
  public enum Kind {
    OPEN,
    MESSAGE,
    ERROR,
    CLOSE
  }

  public HandlerEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(session, "session");
  }

  public static HandlerEvent open(Session session) {
    return new HandlerEvent(Kind.OPEN, session, null, null, null, null, null);
  }

  public static HandlerEvent text(Session session, String text) {
    return new HandlerEvent(Kind.MESSAGE, session, MessageType.TEXT, Objects.requireNonNull(text), null, null, null);
  }

  /** A binary message event; {@code data} is borrowed and exposed read-only. */
  public static HandlerEvent binary(Session session, ByteBuffer data) {
    return new HandlerEvent(Kind.MESSAGE, session, MessageType.BINARY, null, data.asReadOnlyBuffer(), null, null);
  }

  public static HandlerEvent error(Session session, Throwable error) {
    return new HandlerEvent(Kind.ERROR, session, null, null, null, Objects.requireNonNull(error), null);
  }

  public static HandlerEvent close(Session session, CloseEvent event) {
    return new HandlerEvent(Kind.CLOSE, session, null, null, null, event.error(), event);
  }

  /**
   * The message as text: a text message itself, a binary message decoded as UTF-8 (malformed
   * bytes replaced), or null when this is not a message event (Dirigible's {@code getMessage()}).
   */
  public String message() {
    if (text != null) {
      return text;
    }
    return data == null ? null : java.nio.charset.StandardCharsets.UTF_8.decode(data.duplicate()).toString();
  }

  /** The error's message, or null when there is no error (Dirigible's {@code getError()}). */
  public String errorMessage() {
    return error == null ? null : String.valueOf(error.getMessage() == null ? error : error.getMessage());
  }

  @Override
  public String toString() {
    return "HandlerEvent[" + kind + (messageType != null ? " " + messageType : "")
        + (text != null ? " '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'" : "")
        + (data != null ? " " + data.remaining() + " bytes" : "")
        + (error != null ? " error=" + error : "") + (closeEvent != null ? " " + closeEvent : "") + "]";
  }
}
