package dev.switchboard.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What an application does with a session's events. Every method has a default that does
 * nothing, so implement only what you need. All calls for one session come one at a time on
 * that session's event loop, in order; do not block in them.
 *
 * <p>Buffers are borrowed: their content is valid only during the call, and is not to be
 * changed. A received message passed back unchanged during its own callback ({@code
 * s.offerText(utf8)} in {@link #onTextUtf8}, {@code s.offerBinary(data)} in {@link #onBinary},
 * or the {@code send} forms) is recognised: its text is not validated a second time, and on a
 * server a message of 4 KiB or more that fills at least a quarter of the buffer it arrived in is
 * written from that buffer, not copied. Pass a
 * copy if you changed the content. An exception thrown
 * from any method closes the session with 1011 (internal error); the exception is reported in
 * {@link #onError} and in the {@link CloseEvent}.
 */
public interface Endpoint {

  /** The handshake completed and messages may flow. */
  default void onOpen(Session session) {}

  /** A whole text message. */
  default void onText(Session session, String text) {}

  /**
   * A whole text message as its UTF-8 bytes, already validated; {@code utf8} is borrowed (valid
   * during the call only). Every text message arrives here first; the default decodes it and
   * calls {@link #onText(Session, String)}. Override it instead of {@code onText} where the bytes
   * are what you need, to skip building a {@code String}: an echo that answers with {@link
   * Session#offerText(ByteBuffer)} or {@link Session#sendText(ByteBuffer)} never decodes at all.
   * An endpoint that wraps another and forwards {@code onText} should forward this method too.
   */
  default void onTextUtf8(Session session, ByteBuffer utf8) {
    byte[] bytes = new byte[utf8.remaining()];
    utf8.get(utf8.position(), bytes);
    onText(session, new String(bytes, StandardCharsets.UTF_8));
  }

  /** A whole binary message; {@code data} is borrowed (copy what you keep). */
  default void onBinary(Session session, ByteBuffer data) {}

  /** A ping arrived (a pong has already been sent back). */
  default void onPing(Session session, ByteBuffer payload) {}

  default void onPong(Session session, ByteBuffer payload) {}

  /** The transport can take more after having been full (the "drain" event). */
  default void onWritable(Session session) {}

  /**
   * Something went wrong; {@link #onClose} follows. Called for protocol violations, timeouts,
   * I/O errors and exceptions from application callbacks.
   */
  default void onError(Session session, Throwable error) {}

  /** The session ended: called exactly once for every opened session. */
  default void onClose(Session session, CloseEvent event) {}
}
