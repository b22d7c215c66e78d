package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance}. Tasks are
 * scheduled from event loops; {@link #awaitPending} lets a test wait (bounded) until a timer it
 * expects exists. Thread-safe.
 */
final class ManualScheduler implements Scheduler {

  private record Task(Duration dueAt, Duration delay, Runnable run, long seq) {}

  private final List<Task> tasks = new ArrayList<>();
  private Duration now = Duration.ZERO;
  private long seq;

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), delay, task, seq++);
    tasks.add(t);
    notifyAll();
    return () -> {
      synchronized (this) {
        tasks.remove(t);
        notifyAll();
      }
    };
  }

  @Override
  public synchronized Instant now() {
    return Instant.EPOCH.plus(now);
  }

  /** Moves time forward, running every task due, in order, on this thread. */
  void advance(Duration by) {
    Duration until;
    synchronized (this) {
      until = now.plus(by);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> t.dueAt.compareTo(until) <= 0)
            .min(Comparator.comparing(Task::dueAt).thenComparingLong(Task::seq)).orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = next.dueAt;
      }
      next.run.run();
    }
  }

  /** The delays of the tasks waiting, in the order they were scheduled. */
  synchronized List<Duration> pendingDelays() {
    return tasks.stream().sorted(Comparator.comparingLong(Task::seq)).map(Task::delay).toList();
  }

  /** Waits up to 10 s until {@code n} tasks are waiting; returns their delays. */
  synchronized List<Duration> awaitPending(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tasks.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + n + " scheduled tasks, have " + pendingDelays());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return pendingDelays();
  }
}
