package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.ServerLimits;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides at TCP accept whether a connection may go on to its opening handshake: the global and
 * per-IP connection counts and the per-IP handshake rate of {@link ServerLimits}. Thread-safe:
 * accept runs on several loops; counts are atomic, the per-IP tables concurrent maps.
 *
 * <p>The rate is a token bucket kept as one number per address, the time at which the bucket
 * would be full again (the "theoretical arrival time" of the generic cell rate algorithm): each
 * handshake moves it one interval on, and a handshake is refused while it lies more than {@code
 * burst - 1} intervals ahead of now.
 */
public final class Admission {

  /** Why a connection is refused: the HTTP status, {@code Retry-After} in seconds and a message. */
  public record Refusal(int status, long retryAfterSeconds, String message) {}

  private final ServerLimits limits;
  private final LongSupplier nanoTime;
  private final AtomicInteger connections = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();
  private final long intervalNanos;
  private final long toleranceNanos;

  public Admission(ServerLimits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    double rate = limits.handshakesPerSecondPerIp();
    this.intervalNanos = rate == 0 ? 0 : Math.max(1, (long) (1e9 / rate));
    this.toleranceNanos = intervalNanos * (limits.handshakeBurstPerIp() - 1L);
  }

  /** Connections admitted and not yet released. */
  public int connections() {
    return connections.get();
  }

  /**
   * Admits a connection from {@code ip} (then {@link #release} it when it closes) or says why not.
   *
   * @return null if admitted
   */
  public Refusal admit(InetAddress ip) {
    if (intervalNanos > 0) {
      long wait = takeToken(ip);
      if (wait > 0) {
        return new Refusal(429, ceilSeconds(wait), "too many opening handshakes from " + ip.getHostAddress()
            + ": at most " + limits.handshakesPerSecondPerIp() + " per second (burst " + limits.handshakeBurstPerIp()
            + "); retry later");
      }
    }
    int n;
    do {
      n = connections.get();
      if (n >= limits.maxConnections()) {
        return new Refusal(503, limits.retryAfter().toSeconds(),
            "the server is at its limit of " + limits.maxConnections() + " connections; retry later");
      }
    } while (!connections.compareAndSet(n, n + 1));
    if (limits.maxConnectionsPerIp() > 0) {
      boolean[] admitted = {false};
      perIp.compute(ip, (k, v) -> {
        int count = v == null ? 0 : v;
        if (count >= limits.maxConnectionsPerIp()) {
          return v;
        }
        admitted[0] = true;
        return count + 1;
      });
      if (!admitted[0]) {
        connections.decrementAndGet();
        return new Refusal(503, limits.retryAfter().toSeconds(), ip.getHostAddress() + " already has "
            + limits.maxConnectionsPerIp() + " connections, the most one address may have; retry later");
      }
    }
    return null;
  }

  /** An admitted connection from {@code ip} has closed. */
  public void release(InetAddress ip) {
    connections.decrementAndGet();
    if (limits.maxConnectionsPerIp() > 0) {
      perIp.computeIfPresent(ip, (k, v) -> v <= 1 ? null : v - 1);
    }
  }

  /** Takes a token from {@code ip}'s bucket; returns 0, or how many nanoseconds until one is there. */
  private long takeToken(InetAddress ip) {
    AtomicLong full = buckets.computeIfAbsent(ip, k -> new AtomicLong(Long.MIN_VALUE));
    while (true) {
      long now = nanoTime.getAsLong();
      long tat = full.get();
      long start = tat == Long.MIN_VALUE || tat - now < 0 ? now : tat;
      long ahead = start - now;
      if (ahead > toleranceNanos) {
        return ahead - toleranceNanos;
      }
      if (full.compareAndSet(tat, start + intervalNanos)) {
        return 0;
      }
    }
  }

  /** Forgets the buckets of addresses that are full again, so the table does not grow forever. */
  public void sweep() {
    long now = nanoTime.getAsLong();
    buckets.entrySet().removeIf(e -> e.getValue().get() - now <= 0);
  }

  /** Addresses with a rate bucket in memory (for tests of {@link #sweep}). */
  int trackedAddresses() {
    return buckets.size();
  }

  private static long ceilSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
