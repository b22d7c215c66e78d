package dev.switchboard.hub.server.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: how upstream retries wait. Tests inject a manual one; implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

  void schedule(Duration delay, Runnable task);

  /** A scheduler on an executor the caller owns (and shuts down). */
  static Scheduler of(ScheduledExecutorService executor) {
    return (delay, task) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
