package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.HeartbeatTimeoutException;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Scheduler;
import java.util.function.Consumer;

/**
 * The heartbeat of one connection ({@link Limits#pingInterval()}, {@link Limits#pingTimeout()}):
 * a ping after an interval without any frame from the peer, and a {@link
 * HeartbeatTimeoutException} when no frame follows it in time. Any frame counts as a sign of
 * life, so a busy connection sends no pings. Confined to the connection's event loop.
 */
final class KeepAlive {

  private final Limits limits;
  private final Timers timers;
  private final Runnable sendPing;
  private final Consumer<HeartbeatTimeoutException> onTimeout;

  private Scheduler.Cancellable timer;
  private boolean running;
  private boolean readSinceTick;

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
  }

  void stop() {
    running = false;
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
    timer = timers.schedule(limits.pingTimeout(), this::check);
  }

  private void check() {
    if (!running) {
      return;
    }
    if (readSinceTick) {
      readSinceTick = false;
      arm();
    } else {
      running = false;
      onTimeout.accept(new HeartbeatTimeoutException(
          "no frame from the peer within " + limits.pingTimeout() + " of a heartbeat ping"));
    }
  }
}
