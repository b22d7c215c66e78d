package dev.switchboard.cli;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client's endpoint: keeps what arrives, text as String and binary as byte[]. */
final class Recorder implements Endpoint {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();

  @Override
  public void onText(Session session, String text) {
    messages.add(text);
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    messages.add(copy);
  }

  @Override
  public void onClose(Session session, CloseEvent event) {
    closed.complete(event);
  }

  /** The next message, waiting up to {@link #TIMEOUT}; null if none came. */
  Object next() throws InterruptedException {
    return messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next message equal to {@code expected} (String or byte[]), skipping others; null if none came. */
  Object nextMatching(Object expected) throws InterruptedException {
    while (true) {
      Object m = next();
      if (m == null || java.util.Objects.deepEquals(m, expected)) {
        return m;
      }
    }
  }
}
