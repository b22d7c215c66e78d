package dev.switchboard.websocket.node;

import dev.switchboard.websocket.MessageType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One whole message as {@link MessageHandler} receives it. Immutable, except that a binary
 * message's {@link #data()} is borrowed: valid only during the callback (copy what you keep).
 *
 * @param type text or binary
 * @param text the text of a text message, else null
 * @param data the bytes of a binary message (read-only), else null
 */
public record Message(MessageType type, String text, ByteBuffer data) {

  /** The message as a string: the text, or a binary message's bytes decoded as UTF-8. */
  @Override
  public String toString() {
    return text != null ? text : StandardCharsets.UTF_8.decode(data.duplicate()).toString();
  }

  /** A copy of the message's bytes (UTF-8 for text). */
  public byte[] bytes() {
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] b = new byte[data.remaining()];
    data.duplicate().get(b);
    return b;
  }
}
