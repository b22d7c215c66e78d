package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Closed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The events one side of a connection observed, in order, for the test thread to wait on.
 * Thread-safe: peers add from their own threads.
 */
final class EventLog {

  /** How long a test waits for any one event: generous, for a 16 MiB message on a busy 2-core machine. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String owner;
  private final BlockingQueue<PeerEvent> pending = new LinkedBlockingQueue<>();
  private final List<PeerEvent> history = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  EventLog(String owner) {
    this.owner = owner;
  }

  void add(PeerEvent event) {
    history.add(event);
    pending.add(event);
  }

  void message(MessageType type, byte[] data) {
    add(PeerEvent.Message.of(type, data));
  }

  /** Records the end of the connection once; later reports of the same end are ignored. */
  void closed(int code, String reason, Boolean clean) {
    if (closed.compareAndSet(false, true)) {
      add(new Closed(code, reason == null ? "" : reason, clean));
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Waits for the next event of {@code type}, passing over others; fails the test after {@link #TIMEOUT}. */
  <T extends PeerEvent> T next(Class<T> type) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (long left = TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      PeerEvent e = pending.poll(left, TimeUnit.NANOSECONDS);
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    return fail(owner + ": no " + type.getSimpleName() + " within " + TIMEOUT + "; events seen: " + history);
  }

  /**
   * Waits for the next message and checks that it is {@link Payloads#large} of {@code type} and
   * {@code maxBytes}, by type, length and SHA-256.
   */
  void nextLarge(MessageType type, int maxBytes) throws InterruptedException {
    byte[] expected = Payloads.large(type, maxBytes);
    PeerEvent.Message m = next(PeerEvent.Message.class);
    assertThat(m.type()).as(owner).isEqualTo(type);
    assertThat(m.length()).as(owner).isEqualTo(expected.length);
    assertThat(m.sha256()).as(owner).isEqualTo(Payloads.sha256(expected));
  }

  @Override
  public String toString() {
    return owner + history;
  }
}
