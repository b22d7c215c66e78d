package dev.switchboard.websocket;

/**
 * A session's four lifecycle callbacks in the style of Eclipse Dirigible's WebSocket handlers:
 * {@code onOpen}, {@code onMessage}, {@code onError}, {@code onClose}, each given one {@link
 * HandlerEvent} that carries the session and what happened. Side-neutral: the same handler can
 * serve a server endpoint or a client connection, adapted by {@link HandlerEndpoint}.
 *
 * <p>Every method has a default that does nothing. One handler instance usually serves many
 * sessions, so implementations must be thread-safe; the calls for one session come one at a
 * time on its event loop, in order, and must not block. An exception thrown from a callback
 * closes that session with 1011 (internal error), as for any {@link Endpoint}.
 */
public interface WebSocketHandler {

  /** The session is open and messages may flow ({@link HandlerEvent.Kind#OPEN}). */
  default void onOpen(HandlerEvent event) {}

  /** A whole message arrived ({@link HandlerEvent.Kind#MESSAGE}); see {@link HandlerEvent#message()}. */
  default void onMessage(HandlerEvent event) {}

  /**
   * Something went wrong ({@link HandlerEvent.Kind#ERROR}); see {@link HandlerEvent#error()}.
   * {@link #onClose} follows.
   */
  default void onError(HandlerEvent event) {}

  /** The session ended, exactly once per opened session ({@link HandlerEvent.Kind#CLOSE}). */
  default void onClose(HandlerEvent event) {}
}
