package dev.switchboard.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance}; due tasks run on
 * the advancing thread, in deadline order. Thread-safe. (In the test jar for other engines.)
 */
public final class ManualScheduler implements Scheduler {
  private final List<Task> tasks = new ArrayList<>();
  private long now = 1_000_000_000L;

  private static final class Task {
    final long due;
    final Runnable run;
    boolean cancelled;

    Task(long due, Runnable run) {
      this.due = due;
      this.run = run;
    }
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now + delay.toNanos(), task);
    tasks.add(t);
    return () -> {
      synchronized (ManualScheduler.this) {
        t.cancelled = true;
      }
    };
  }

  /** Moves time forward by {@code d}, running every task that falls due. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Task next = null;
      synchronized (this) {
        for (Task t : tasks) {
          if (!t.cancelled && t.due <= target && (next == null || t.due < next.due)) {
            next = t;
          }
        }
        if (next == null) {
          now = target;
          tasks.removeIf(t -> t.cancelled || t.due <= target);
          return;
        }
        now = Math.max(now, next.due);
        next.cancelled = true;
      }
      next.run.run();
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }
}
