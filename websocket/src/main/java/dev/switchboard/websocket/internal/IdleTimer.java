package dev.switchboard.websocket.internal;

import java.time.Duration;

/**
 * The idle timeout of one connection ({@link dev.switchboard.websocket.Limits#idleTimeout()}):
 * fires once no frame has come from the peer for that long, measured from the last read, within
 * one tick of its loop's {@link IdleWheel} (1/16 of the timeout, at most 1 s) after it. Time is
 * the loop's ticker, so tests move it by hand. An entry of the wheel: no task or lambda of its
 * own. Confined to the connection's event loop.
 */
final class IdleTimer {

  private final Duration timeout;
  private final Runnable onIdle;
  private IdleWheel wheel;

  // Kept by the wheel: the read time its slot checks, and the links of its slot's list (-1: none).
  long lastReadNanos;
  IdleTimer previous;
  IdleTimer next;
  int slot = -1;

  /** A timer that calls {@code onIdle} after {@code timeout} of silence (positive). */
  IdleTimer(Duration timeout, Runnable onIdle) {
    this.timeout = timeout;
    this.onIdle = onIdle;
  }

  /** On the loop: starts counting from now. */
  void start(io.netty.util.concurrent.EventExecutor loop) {
    if (wheel == null) {
      wheel = IdleWheel.of(loop, timeout.toNanos());
    }
    lastReadNanos = wheel.now();
    wheel.remove(this);
    wheel.insert(this, lastReadNanos + wheel.timeoutNanos);
  }

  /** Bytes arrived from the peer: the silence starts again (the entry moves when its slot comes). */
  void read() {
    if (slot >= 0) {
      lastReadNanos = wheel.now();
    }
  }

  void stop() {
    if (wheel != null) {
      wheel.remove(this);
    }
  }

  /** Called by the wheel, out of its slot: the timeout passed. */
  void expired() {
    onIdle.run();
  }
}
