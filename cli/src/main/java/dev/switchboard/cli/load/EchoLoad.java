package dev.switchboard.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Echo mode: every connection keeps {@code window} messages in flight, sending one more for each
 * echo it receives (batched per read), and checks every echo's payload and order. Latency is from
 * a message's send to its echo's arrival. One run per instance; {@link #run} is called by one
 * thread, the listener methods by the connections' loops.
 */
public final class EchoLoad implements LoadConnection.Listener {

  private final LoadOptions options;
  private final int window;
  private final Payloads payloads;

  private volatile boolean stopping;
  private final AtomicInteger closedEarly = new AtomicInteger();
  private final AtomicReference<String> firstCloseReason = new AtomicReference<>();

  public EchoLoad(LoadOptions options, int window, Payloads payloads) {
    if (window < 1) {
      throw new IllegalArgumentException("--window must be at least 1, was " + window);
    }
    this.options = options;
    this.window = window;
    this.payloads = payloads;
  }

  public Report run() {
    try (LoadClient client = new LoadClient(options.url(), options.threads(), options.busyPoll())) {
      List<LoadConnection> conns = LoadClient.await(
          client.open(options.connections(), 1,
              i -> new LoadConnection(client.hostHeader(), client.target(), payloads, this), options.connectTimeout()),
          options.connectTimeout().plusSeconds(1), "opening " + options.connections() + " connections");
      for (LoadConnection c : conns) {
        c.execute(() -> c.send(window));
      }
      Interval.sleep(options.warmup());
      Interval interval = Interval.start(client, options.server());
      Interval.sleep(options.duration());
      Interval.Result m = interval.end();
      stopping = true;
      long unanswered = drain(conns);
      LoopStats.Snapshot total = client.snapshot();

      Report r = new Report();
      r.put("mode", "echo").put("url", options.url().toString()).put("transport", client.transport());
      r.put("connections", (long) options.connections()).put("window", (long) window);
      r.put("payload_bytes", (long) payloads.minBytes()).put("type", payloads.isBinary() ? "binary" : "text");
      r.put("seconds", m.seconds());
      r.put("messages", m.counts().messages());
      r.put("msgs_per_s", m.counts().messages() / m.seconds());
      r.put("mb_per_s", m.counts().payloadBytes() / m.seconds() / 1e6);
      Interval.putLatency(r, "latency", Latency.of(m.counts().latency()));
      r.put("corrupt", total.corrupt());
      r.put("missing", total.missing());
      // Still on the way when the drain gave up: the server is behind, not necessarily lossy.
      r.put("undelivered_after_drain", unanswered);
      r.put("closed_early", (long) closedEarly.get());
      if (firstCloseReason.get() != null) {
        r.put("first_close", firstCloseReason.get());
      }
      Interval.putCpu(r, m, m.counts().messages(), "msg", "msgs");
      return r;
    }
  }

  /** Waits (bounded) for the echoes of everything sent; returns how many never came. */
  private long drain(List<LoadConnection> conns) {
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (true) {
      long inFlight = sum(conns);
      if (inFlight == 0 || System.nanoTime() > deadline) {
        return inFlight;
      }
      Interval.sleep(java.time.Duration.ofMillis(20));
    }
  }

  private static long sum(List<LoadConnection> conns) {
    List<CompletableFuture<Long>> fs = new ArrayList<>();
    for (LoadConnection c : conns) {
      CompletableFuture<Long> f = new CompletableFuture<>();
      c.execute(() -> f.complete(c.isOpen() ? c.inFlight() : 0L)); // a closed one was counted as closed
      fs.add(f);
    }
    long n = 0;
    for (CompletableFuture<Long> f : fs) {
      n += LoadClient.await(f, java.time.Duration.ofSeconds(10), "counting messages in flight");
    }
    return n;
  }

  @Override
  public void onOpen(LoadConnection c) {}

  @Override
  public void onMessage(LoadConnection c, Payloads.Check m, boolean intact) {
    LoopStats stats = c.stats;
    if (!intact) {
      stats.corrupt();
      c.nextReceiveSeq++; // taken as the echo expected next, damaged
    } else {
      long seq = m.seq();
      if (seq < c.nextReceiveSeq || seq >= c.nextSendSeq) {
        stats.corrupt(); // a duplicate, or a number never sent: not an answer to anything outstanding
      } else {
        if (seq > c.nextReceiveSeq) {
          stats.missing(seq - c.nextReceiveSeq);
        }
        c.nextReceiveSeq = seq + 1;
        stats.message(m.bytes());
        stats.latency(System.nanoTime() - m.sentNanos());
      }
    }
    if (!stopping) {
      c.owed++;
    }
  }

  @Override
  public void onReadComplete(LoadConnection c) {
    if (c.owed > 0) {
      int n = c.owed;
      c.owed = 0;
      if (!stopping) {
        c.send(n);
      }
    }
  }

  @Override
  public void onClosed(LoadConnection c, String reason) {
    if (!stopping && !c.openFuture().isCompletedExceptionally()) {
      closedEarly.incrementAndGet();
      firstCloseReason.compareAndSet(null, reason);
    }
  }
}
