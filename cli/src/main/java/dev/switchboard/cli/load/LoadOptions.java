package dev.switchboard.cli.load;

import java.net.URI;
import java.time.Duration;

/**
 * What every mode of the load tool shares. Immutable.
 *
 * @param url the server's {@code ws://HOST:PORT/PATH}
 * @param connections connections to open (subscribers in broadcast mode)
 * @param threads the load tool's event-loop threads
 * @param warmup load before the measured interval, not counted
 * @param duration the measured interval (the hold time in connections mode)
 * @param server the server process to measure, or null
 * @param connectTimeout how long opening all connections may take
 * @param busyPoll whether the load tool's event loops spin on epoll rather than sleep in it: no
 *     wake-up for the server to pay per message, and no wake-up latency in the tool; each loop
 *     then keeps its core busy (epoll only)
 */
public record LoadOptions(
    URI url, int connections, int threads, Duration warmup, Duration duration, ServerProcess server, Duration connectTimeout,
    boolean busyPoll) {

  public LoadOptions {
    if (connections < 1) {
      throw new IllegalArgumentException("--connections must be at least 1, was " + connections);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup must not be negative, was " + warmup);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, was " + duration);
    }
  }

  /** How long a run waits, after the measured interval, for what is still on the way: 5 s. */
  Duration drainTimeout() {
    return Duration.ofSeconds(5);
  }
}
