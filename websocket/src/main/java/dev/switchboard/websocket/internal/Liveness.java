package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.Limits;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The timers that watch the peer of one connection: keep-alive pings ({@link
 * Limits#pingInterval()}, {@link Limits#pingTimeout()}) and the idle timeout ({@link
 * Limits#idleTimeout()}). Time is the loop's ticker, so tests move it by hand. Confined to the
 * connection's event loop.
 */
final class Liveness {

  /** What the connection does when a timer fires. */
  interface Actions {
    /** Whether the connection is still open (timers stop otherwise). */
    boolean isOpen();

    /** Sends an empty keep-alive ping. */
    void ping();

    /** No frame within pingTimeout of a keep-alive ping: drop the connection with this error. */
    void pingTimedOut(TimeoutException e);

    /** No frame within idleTimeout: close the session. */
    void idle();
  }

  private final EventExecutor loop;
  private final Limits limits;
  private final Actions actions;

  private ScheduledFuture<?> keepAliveTimer;
  private ScheduledFuture<?> idleTimer;
  private boolean readSinceTick;
  private long lastReadNanos;
  private boolean stopped;

  Liveness(EventExecutor loop, Limits limits, Actions actions) {
    this.loop = loop;
    this.limits = limits;
    this.actions = actions;
  }

  /** Arms the timers that are on. */
  void start() {
    lastReadNanos = loop.ticker().nanoTime();
    armKeepAlive();
    if (!limits.idleTimeout().isZero()) {
      armIdle(limits.idleTimeout().toNanos());
    }
  }

  /** Bytes arrived from the peer. */
  void read() {
    readSinceTick = true;
    if (idleTimer != null) {
      lastReadNanos = loop.ticker().nanoTime();
    }
  }

  /** Cancels every timer; they are not armed again. */
  void stop() {
    stopped = true;
    cancel(keepAliveTimer);
    cancel(idleTimer);
    keepAliveTimer = null;
    idleTimer = null;
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private void armIdle(long delayNanos) {
    idleTimer = loop.schedule(this::idleTick, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void idleTick() {
    if (stopped || !actions.isOpen()) {
      return;
    }
    long quiet = loop.ticker().nanoTime() - lastReadNanos;
    long limit = limits.idleTimeout().toNanos();
    if (quiet >= limit) {
      idleTimer = null;
      actions.idle();
    } else {
      armIdle(limit - quiet); // a read came meanwhile: wait out the rest from it
    }
  }

  private void armKeepAlive() {
    if (!stopped && !limits.pingInterval().isZero() && actions.isOpen()) {
      keepAliveTimer = loop.schedule(this::keepAliveTick, limits.pingInterval().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void keepAliveTick() {
    if (stopped || !actions.isOpen()) {
      return;
    }
    if (readSinceTick) {
      readSinceTick = false;
      armKeepAlive();
      return;
    }
    actions.ping();
    keepAliveTimer = loop.schedule(() -> {
      if (stopped) {
        return;
      }
      if (readSinceTick) {
        readSinceTick = false;
        armKeepAlive();
      } else {
        actions.pingTimedOut(new TimeoutException(
            "no frame from the peer within " + limits.pingTimeout() + " of a keep-alive ping"));
      }
    }, limits.pingTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }
}
