package dev.switchboard.cli.load;

import org.HdrHistogram.Histogram;

/**
 * What the connections of one event loop counted. Confined to that loop (no locks on the hot
 * path); {@link #snapshot()} and {@link #reset()} run as tasks on it. Not thread-safe.
 */
public final class LoopStats {

  /** Latencies up to a minute, at 3 significant digits. */
  static final long HIGHEST_LATENCY_NANOS = 60_000_000_000L;

  private final Histogram latency = new Histogram(1, HIGHEST_LATENCY_NANOS, 3);
  private boolean measuring;
  private long messages;
  private long payloadBytes;
  private long corrupt;
  private long missing;

  /** Starts the measured interval: counts of messages, bytes and latency begin from zero. */
  public void startMeasuring() {
    latency.reset();
    messages = 0;
    payloadBytes = 0;
    measuring = true;
  }

  public void stopMeasuring() {
    measuring = false;
  }

  public boolean isMeasuring() {
    return measuring;
  }

  /** A message arrived; counted only in the measured interval. */
  public void message(int bytes) {
    if (measuring) {
      messages++;
      payloadBytes += bytes;
    }
  }

  /** A latency in nanoseconds; recorded only in the measured interval, clamped to the histogram's range. */
  public void latency(long nanos) {
    if (measuring) {
      latency.recordValue(Math.max(1, Math.min(nanos, HIGHEST_LATENCY_NANOS)));
    }
  }

  /** A message that failed its payload check, whenever it came. */
  public void corrupt() {
    corrupt++;
  }

  /** Messages that never came, whenever that was noticed. */
  public void missing(long n) {
    missing += n;
  }

  /** A copy of the counts, safe to read from another thread. */
  public Snapshot snapshot() {
    return new Snapshot(latency.copy(), messages, payloadBytes, corrupt, missing);
  }

  /** Counts of one or more loops; the histogram is owned by the snapshot. */
  public record Snapshot(Histogram latency, long messages, long payloadBytes, long corrupt, long missing) {
    /** This and {@code other} added; neither is changed. */
    public Snapshot plus(Snapshot other) {
      Histogram h = latency.copy();
      h.add(other.latency);
      return new Snapshot(h, messages + other.messages, payloadBytes + other.payloadBytes,
          corrupt + other.corrupt, missing + other.missing);
    }

    public static Snapshot empty() {
      return new Snapshot(new Histogram(1, HIGHEST_LATENCY_NANOS, 3), 0, 0, 0, 0);
    }
  }
}
