package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.Scheduler;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Timed tasks of one event loop, through an injected {@link Scheduler} when there is one (tests
 * use a manual clock), else on the loop itself. Tasks always run on the loop. Thread-safe.
 */
public final class Timers {

  /** Set on a client channel when the client has a scheduler; read by the connection's timers. */
  public static final AttributeKey<Scheduler> SCHEDULER = AttributeKey.valueOf("switchboard.scheduler");

  private final Scheduler scheduler;
  private final EventExecutor loop;

  public Timers(Scheduler scheduler, EventExecutor loop) {
    this.scheduler = scheduler;
    this.loop = loop;
  }

  /** The timers of {@code channel}: its client's scheduler, or its loop. */
  public static Timers of(Channel channel) {
    // hasAttr first: attr() would create an attribute map entry on every server channel.
    return new Timers(channel.hasAttr(SCHEDULER) ? channel.attr(SCHEDULER).get() : null, channel.eventLoop());
  }

  public EventExecutor loop() {
    return loop;
  }

  /** Runs {@code task} on the loop after {@code delay}; cancelled tasks never run. */
  public Scheduler.Cancellable schedule(Duration delay, Runnable task) {
    if (scheduler == null) {
      ScheduledFuture<?> f = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }
    Guarded guarded = new Guarded(task);
    Scheduler.Cancellable c = scheduler.schedule(delay, () -> {
      try {
        loop.execute(guarded);
      } catch (RejectedExecutionException e) {
        // The loop is shut down: nothing is left to time.
      }
    });
    return () -> {
      guarded.cancelled = true;
      c.cancel();
    };
  }

  private static final class Guarded implements Runnable {
    private final Runnable task;
    private volatile boolean cancelled;

    Guarded(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      if (!cancelled) {
        task.run();
      }
    }
  }
}
