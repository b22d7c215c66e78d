package dev.switchboard.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The hub's time source and timer: message TTLs and reliable recovery windows are measured with
 * it, so tests drive time with a manual implementation instead of sleeping. Implementations must
 * be thread-safe.
 */
public interface Scheduler {
  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay}, on a thread of the scheduler's choosing. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that may be cancelled; cancelling a task that ran already does nothing. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /**
   * A scheduler on {@code executor} and {@link System#nanoTime()}; the caller owns and shuts
   * down the executor.
   */
  static Scheduler of(ScheduledExecutorService executor) {
    return new Scheduler() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }
    };
  }

  /** A single daemon thread named {@code switchboard-hub-timer}, for {@link #of}. */
  static ScheduledExecutorService newTimerThread() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-hub-timer");
      t.setDaemon(true);
      return t;
    });
  }
}
