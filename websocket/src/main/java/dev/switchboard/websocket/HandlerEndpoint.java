package dev.switchboard.websocket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Serves a {@link WebSocketHandler} as an {@link Endpoint}, on a server route or a client
 * connection: open, text and binary messages, errors and the close are passed on as {@link
 * HandlerEvent}s; pings, pongs and writability are not. Thread-safe if the handler is.
 */
public final class HandlerEndpoint implements Endpoint {

  private final WebSocketHandler handler;

  public HandlerEndpoint(WebSocketHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** The handler that receives the events. */
  public WebSocketHandler handler() {
    return handler;
  }

  @Override
  public void onOpen(Session session) {
    handler.onOpen(HandlerEvent.open(session));
  }

  @Override
  public void onText(Session session, String text) {
    handler.onMessage(HandlerEvent.text(session, text));
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    handler.onMessage(HandlerEvent.binary(session, data));
  }

  @Override
  public void onError(Session session, Throwable error) {
    handler.onError(HandlerEvent.error(session, error));
  }

  @Override
  public void onClose(Session session, CloseEvent event) {
    handler.onClose(HandlerEvent.close(session, event));
  }

  @Override
  public String toString() {
    return "HandlerEndpoint[" + handler + "]";
  }
}
