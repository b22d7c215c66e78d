package dev.switchboard.hub.server.upstream;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the upstream HTTP calls of one hub: at most {@code maxConcurrent} in flight, at most
 * {@code maxQueued} waiting, the rest refused at once. Hubs have separate gates, so a slow or dead
 * handler of one hub never delays another. Thread-safe (a short lock guards the counters).
 */
final class HubGate {

  /** The queue is full: the call was not made. */
  static final class Full extends Exception {
    Full(String message) {
      super(message, null, false, false);
    }
  }

  private final String hub;
  private final int maxConcurrent;
  private final int maxQueued;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private int inFlight;

  HubGate(String hub, int maxConcurrent, int maxQueued) {
    this.hub = hub;
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    Runnable start = () -> {
      CompletableFuture<T> f;
      try {
        f = call.get();
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete((v, e) -> {
        release();
        if (e != null) {
          out.completeExceptionally(e);
        } else {
          out.complete(v);
        }
      });
    };
    synchronized (this) {
      if (inFlight >= maxConcurrent) {
        if (queue.size() >= maxQueued) {
          return CompletableFuture.failedFuture(new Full("hub '" + hub + "' has " + inFlight + " upstream calls in flight and "
              + queue.size() + " queued (maxConcurrentPerHub " + maxConcurrent + ", maxQueuedPerHub " + maxQueued + ")"));
        }
        queue.add(start);
        return out;
      }
      inFlight++;
    }
    start.run();
    return out;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = queue.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int queued() {
    return queue.size();
  }

  @Override
  public synchronized String toString() {
    return "HubGate[" + hub + ", inFlight=" + inFlight + "/" + maxConcurrent + ", queued=" + queue.size() + "/" + maxQueued + "]";
  }
}
