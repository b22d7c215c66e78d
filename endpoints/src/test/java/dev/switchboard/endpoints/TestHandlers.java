package dev.switchboard.endpoints;

import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.WebSocketHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Handler classes that descriptors in the tests name. */
public final class TestHandlers {

  /** What every {@link Recording} saw, as "kind:detail" strings. */
  public static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

  private TestHandlers() {}

  /** Echoes with a prefix, so that a test can tell which handler answered. */
  public static class Echo implements WebSocketHandler {
    @Override
    public void onMessage(HandlerEvent event) {
      event.session().sendText("echo:" + event.message());
    }
  }

  /** Another handler, to prove a reconfiguration took effect. */
  public static class Upper implements WebSocketHandler {
    @Override
    public void onMessage(HandlerEvent event) {
      event.session().sendText(event.message().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Records each callback into {@link #EVENTS}; "fail" makes onMessage throw. */
  public static class Recording implements WebSocketHandler {
    @Override
    public void onOpen(HandlerEvent event) {
      EVENTS.add("open:" + event.session().url().getPath());
    }

    @Override
    public void onMessage(HandlerEvent event) {
      if (event.message().equals("fail")) {
        throw new IllegalStateException("asked to fail");
      }
      EVENTS.add("message:" + event.messageType() + ":" + event.message());
    }

    @Override
    public void onError(HandlerEvent event) {
      EVENTS.add("error:" + event.errorMessage());
    }

    @Override
    public void onClose(HandlerEvent event) {
      EVENTS.add("close:" + event.closeEvent().code());
    }
  }

  /** Not a handler at all. */
  public static class NotAHandler {}

  /** A handler without a no-argument constructor. */
  public static class NeedsArgument implements WebSocketHandler {
    public NeedsArgument(String x) {}
  }

  /** A handler whose constructor fails. */
  public static class Explodes implements WebSocketHandler {
    public Explodes() {
      throw new IllegalStateException("boom");
    }
  }
}
