package dev.switchboard.websocket.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout of one connection ({@link dev.switchboard.websocket.Limits#idleTimeout()}):
 * fires once no frame has come from the peer for that long, measured from the last read. Time is
 * the loop's ticker, so tests move it by hand. Confined to the connection's event loop.
 */
final class IdleTimer {

  private final EventExecutor loop;
  private final long timeoutNanos;
  private final Runnable onIdle;

  private ScheduledFuture<?> timer;
  private long lastReadNanos;

  /** A timer that calls {@code onIdle} after {@code timeout} of silence; zero disables it. */
  IdleTimer(EventExecutor loop, Duration timeout, Runnable onIdle) {
    this.loop = loop;
    this.timeoutNanos = timeout.toNanos();
    this.onIdle = onIdle;
  }

  void start() {
    if (timeoutNanos > 0) {
      lastReadNanos = loop.ticker().nanoTime();
      arm(timeoutNanos);
    }
  }

  /** Bytes arrived from the peer: the silence starts again (the timer is moved when it fires). */
  void read() {
    if (timer != null) {
      lastReadNanos = loop.ticker().nanoTime();
    }
  }

  void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void arm(long delayNanos) {
    timer = loop.schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void fire() {
    if (timer == null) {
      return;
    }
    long quiet = loop.ticker().nanoTime() - lastReadNanos;
    if (quiet >= timeoutNanos) {
      timer = null;
      onIdle.run();
    } else {
      arm(timeoutNanos - quiet); // a read came meanwhile: wait out the rest from it
    }
  }
}
