package dev.switchboard.hub.server.upstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each retry delay and runs the retry at once: backoff is checked without waiting. */
final class RecordingScheduler implements Scheduler {
  final List<Duration> delays = new CopyOnWriteArrayList<>();

  @Override
  public void schedule(Duration delay, Runnable task) {
    delays.add(delay);
    task.run();
  }
}
