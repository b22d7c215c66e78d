package dev.switchboard.hub;

import java.util.ArrayList;
import java.util.List;

/** A {@link ConnectionSink} that records what it is given. Thread-safe. */
public final class FakeSink implements ConnectionSink {
  /** One delivery. */
  public record Delivery(Message message, long sequenceId) {
    public String text() {
      return message.payloadText();
    }
  }

  private final Object encoding;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<CloseReason> closes = new ArrayList<>();

  public FakeSink() {
    this("json.webpubsub.azure.v1");
  }

  public FakeSink(Object encoding) {
    this.encoding = encoding;
  }

  @Override
  public Object encoding() {
    return encoding;
  }

  @Override
  public synchronized void deliver(Message message, long sequenceId) {
    deliveries.add(new Delivery(message, sequenceId));
    notifyAll();
  }

  /** Waits until {@code n} messages arrived or {@code timeout} passed; true if they did. */
  public synchronized boolean awaitDeliveries(int n, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (deliveries.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public synchronized void close(CloseReason reason) {
    closes.add(reason);
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The payloads delivered, as text. */
  public synchronized List<String> texts() {
    return deliveries.stream().map(Delivery::text).toList();
  }

  public synchronized List<Long> sequenceIds() {
    return deliveries.stream().map(Delivery::sequenceId).toList();
  }

  public synchronized List<CloseReason> closes() {
    return List.copyOf(closes);
  }

  public synchronized void clear() {
    deliveries.clear();
  }
}
