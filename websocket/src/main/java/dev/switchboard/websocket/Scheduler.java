package dev.switchboard.websocket;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides when the client's timed tasks run: the backoff before a retry or a reconnect, and the
 * heartbeat pings and their timeouts. The client hops every task onto the connection's event loop
 * itself, so an implementation may run {@code task} on any thread. Without one (the default), the
 * timers run on the connection's event loop; tests pass a manual clock and move it forward.
 * Implementations must be thread-safe.
 */
public interface Scheduler {

  /** Runs {@code task} once, {@code delay} from now. */
  Cancellable schedule(Duration delay, Runnable task);

  /** The current time, used to read an HTTP-date {@code Retry-After} (RFC 9110 §10.2.3). */
  default Instant now() {
    return Instant.now();
  }

  /** A scheduled task; cancelling it after it ran does nothing. Thread-safe. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
