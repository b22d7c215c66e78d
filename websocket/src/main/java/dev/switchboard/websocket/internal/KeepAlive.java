package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.HeartbeatTimeoutException;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Scheduler;
import java.util.function.Consumer;

/**
 * The heartbeat of one connection ({@link Limits#pingInterval()}, {@link Limits#pingTimeout()}):
 * a ping after an interval without any frame from the peer, and a {@link
 * HeartbeatTimeoutException} when no frame follows it in time. Any frame counts as a sign of
 * life, so a busy connection sends no pings; an idle one is pinged every interval, counted from
 * the answer to the previous ping. Between pings a frame only sets a flag (no timer work per
 * frame); only the answer to an outstanding ping re-arms the timer. Confined to the connection's
 * event loop.
 */
final class KeepAlive {

  private final Limits limits;
  private final Timers timers;
  private final Runnable sendPing;
  private final Consumer<HeartbeatTimeoutException> onTimeout;

  private Scheduler.Cancellable timer;
  private boolean running;
  private boolean readSinceTick;
  /** A ping is out and nothing has arrived since. */
  private boolean awaiting;

  KeepAlive(Limits limits, Timers timers, Runnable sendPing, Consumer<HeartbeatTimeoutException> onTimeout) {
    this.limits = limits;
    this.timers = timers;
    this.sendPing = sendPing;
    this.onTimeout = onTimeout;
  }

  void start() {
    running = !limits.pingInterval().isZero();
    arm();
  }

  void frameReceived() {
    readSinceTick = true;
    if (awaiting) {
      // The answer (or any frame) after our ping: the next interval of silence starts now.
      awaiting = false;
      readSinceTick = false;
      if (timer != null) {
        timer.cancel();
      }
      arm();
    }
  }

  void stop() {
    running = false;
    awaiting = false;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void arm() {
    if (running) {
      timer = timers.schedule(limits.pingInterval(), this::tick);
    }
  }

  private void tick() {
    if (!running) {
      return;
    }
    if (readSinceTick) {
      readSinceTick = false;
      arm();
      return;
    }
    sendPing.run();
    awaiting = true;
    timer = timers.schedule(limits.pingTimeout(), this::check);
  }

  private void check() {
    if (!running || !awaiting) {
      return;
    }
    running = false;
    awaiting = false;
    onTimeout.accept(new HeartbeatTimeoutException(
        "no frame from the peer within " + limits.pingTimeout() + " of a heartbeat ping"));
  }
}
