package dev.switchboard.cli.load;

import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broadcast mode: {@code connections} subscribers and one publisher on the broadcast path. The
 * publisher sends at a target rate (messages per second) or, with rate 0, keeps {@code window}
 * messages incomplete at all times (saturation). A message is complete when every subscriber has
 * it; its latency is from its send to its arrival at the last subscriber. Each subscriber checks
 * payloads and order and counts gaps as missing. One run per instance; {@link #run} is called by
 * one thread, the listener methods by the connections' loops.
 */
public final class BroadcastLoad implements LoadConnection.Listener {

  /** Messages that may be incomplete at once; the rate mode skips sends beyond it (and says so). */
  static final int MAX_INCOMPLETE = 1 << 15;

  private static final int RING = MAX_INCOMPLETE * 2;

  private final LoadOptions options;
  private final double ratePerSecond;
  private final int window;
  private final Payloads payloads;
  private final int subscribers;

  private final AtomicIntegerArray arrivals = new AtomicIntegerArray(RING);
  private final AtomicInteger incomplete = new AtomicInteger();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private final AtomicReference<String> firstCloseReason = new AtomicReference<>();
  private volatile boolean stopping;
  private LoadConnection publisher;
  private long published; // publisher's loop only: messages sent, numbered 0, 1, ...
  private long attempted; // publisher's loop only: messages the rate asked for, sent or skipped
  private long startNanos;

  /**
   * @param ratePerSecond messages per second from the publisher; 0 to saturate with {@code window}
   * @param window incomplete messages allowed when saturating
   */
  public BroadcastLoad(LoadOptions options, double ratePerSecond, int window, Payloads payloads) {
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("--rate must be 0 (saturate) or positive, was " + ratePerSecond);
    }
    if (window < 1 || window > MAX_INCOMPLETE) {
      throw new IllegalArgumentException("--window must be between 1 and " + MAX_INCOMPLETE + ", was " + window);
    }
    this.options = options;
    this.ratePerSecond = ratePerSecond;
    this.window = window;
    this.payloads = payloads;
    this.subscribers = options.connections();
  }

  public Report run() {
    try (LoadClient client = new LoadClient(options.url(), options.threads(), options.busyPoll())) {
      // Connection 0 is the publisher: it receives its own messages too, and ignores them.
      List<LoadConnection> conns = LoadClient.await(
          client.open(subscribers + 1, 1,
              i -> new LoadConnection(client.hostHeader(), client.target(), payloads, this), options.connectTimeout()),
          options.connectTimeout().plusSeconds(1), "opening " + (subscribers + 1) + " connections");
      publisher = conns.get(0);
      CompletableFuture<ScheduledFuture<?>> ticking = new CompletableFuture<>();
      publisher.execute(() -> {
        startNanos = System.nanoTime();
        ticking.complete(publisher.channel().eventLoop().scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS));
      });
      ScheduledFuture<?> ticker = LoadClient.await(ticking, Duration.ofSeconds(10), "starting the publisher");
      Interval.sleep(options.warmup());
      Interval interval = Interval.start(client, options.server());
      Interval.sleep(options.duration());
      Interval.Result m = interval.end();
      stopping = true;
      ticker.cancel(false);
      long deadline = System.nanoTime() + options.drainTimeout().toNanos();
      while (incomplete.get() > 0 && System.nanoTime() < deadline) {
        Interval.sleep(Duration.ofMillis(20));
      }
      long publishedTotal = LoadClient.await(callOn(publisher, () -> published), Duration.ofSeconds(10), "counting");
      long neverArrived = 0;
      List<CompletableFuture<Long>> gaps = new ArrayList<>();
      for (LoadConnection c : conns.subList(1, conns.size())) {
        gaps.add(callOn(c, () -> c.isOpen() ? publishedTotal - c.nextReceiveSeq : 0L));
      }
      for (CompletableFuture<Long> g : gaps) {
        neverArrived += Math.max(0, LoadClient.await(g, Duration.ofSeconds(10), "counting"));
      }
      LoopStats.Snapshot total = client.snapshot();

      Report r = new Report();
      r.put("mode", "broadcast").put("url", options.url().toString()).put("transport", client.transport());
      r.put("subscribers", (long) subscribers);
      r.put("rate_target", ratePerSecond == 0 ? "saturate (window " + window + ")" : ratePerSecond + " msgs/s");
      r.put("payload_bytes", payloads.minBytes() == payloads.maxBytes() ? Integer.toString(payloads.minBytes())
          : payloads.minBytes() + ".." + payloads.maxBytes());
      r.put("seconds", m.seconds());
      long deliveries = m.counts().messages();
      r.put("deliveries", deliveries);
      r.put("deliveries_per_s", deliveries / m.seconds());
      r.put("published_per_s", deliveries / (double) subscribers / m.seconds());
      Interval.putLatency(r, "last_subscriber", Latency.of(m.counts().latency()));
      r.put("corrupt", total.corrupt());
      r.put("missing", total.missing());
      // Still on the way when the drain gave up: the server is behind, not necessarily lossy.
      r.put("undelivered_after_drain", neverArrived);
      r.put("skipped_sends", skipped.get());
      r.put("closed_early", (long) closedEarly.get());
      if (firstCloseReason.get() != null) {
        r.put("first_close", firstCloseReason.get());
      }
      Interval.putCpu(r, m, deliveries, "delivery", "deliveries");
      return r;
    }
  }

  private static <T> CompletableFuture<T> callOn(LoadConnection c, java.util.function.Supplier<T> s) {
    CompletableFuture<T> f = new CompletableFuture<>();
    c.execute(() -> f.complete(s.get()));
    return f;
  }

  /** On the publisher's loop, every millisecond: publish what the rate or the window allows. */
  private void tick() {
    if (stopping || !publisher.isOpen()) {
      return;
    }
    int n;
    if (ratePerSecond > 0) {
      long due = (long) (ratePerSecond * (System.nanoTime() - startNanos) / 1e9) - attempted;
      if (due <= 0) {
        return;
      }
      attempted += due;
      long room = MAX_INCOMPLETE - incomplete.get();
      n = (int) Math.min(due, Math.max(0, room));
      if (n < due) {
        // The server is too far behind: these are never sent (nor numbered), and are reported.
        skipped.addAndGet(due - n);
      }
    } else {
      n = window - incomplete.get();
    }
    if (n > 0) {
      incomplete.addAndGet(n);
      published += n;
      publisher.send(n);
    }
  }

  @Override
  public void onOpen(LoadConnection c) {}

  @Override
  public void onMessage(LoadConnection c, Payloads.Check m, boolean intact) {
    if (c == publisher) {
      return; // its own copy
    }
    LoopStats stats = c.stats;
    if (!intact) {
      stats.corrupt();
      return;
    }
    long seq = m.seq();
    if (seq < c.nextReceiveSeq) {
      stats.corrupt(); // a duplicate or out of order
      return;
    }
    for (long s = c.nextReceiveSeq; s < seq; s++) {
      // Lost on the way here; account for it so that its slot completes.
      arrive(s, 0, null);
    }
    long gap = seq - c.nextReceiveSeq;
    if (gap > 0) {
      stats.missing(gap);
    }
    c.nextReceiveSeq = seq + 1;
    stats.message(m.bytes());
    arrive(seq, m.sentNanos(), stats);
  }

  private void arrive(long seq, long sentNanos, LoopStats stats) {
    int slot = (int) (seq & (RING - 1));
    if (arrivals.incrementAndGet(slot) == subscribers) {
      arrivals.set(slot, 0);
      incomplete.decrementAndGet();
      if (stats != null) {
        stats.latency(System.nanoTime() - sentNanos);
      }
    }
  }

  @Override
  public void onReadComplete(LoadConnection c) {}

  @Override
  public void onClosed(LoadConnection c, String reason) {
    if (!stopping && !c.openFuture().isCompletedExceptionally()) {
      closedEarly.incrementAndGet();
      firstCloseReason.compareAndSet(null, reason);
    }
  }
}
