package dev.switchboard.cli.load;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connections mode: opens {@code connections} idle WebSocket connections, spread over several
 * local addresses (127.0.0.1, .2, ...) when one address has too few ephemeral ports, holds them
 * for the duration, and reports the server's memory per connection: RSS growth always, heap after
 * a full GC when the server is a JVM (jcmd). One run per instance; {@link #run} is called by one
 * thread.
 */
public final class IdleLoad implements LoadConnection.Listener {

  private final LoadOptions options;
  private final int sources;
  private final boolean heap;
  private final Payloads payloads = new Payloads(Payloads.STAMP_BYTES, Payloads.STAMP_BYTES, false, 0x1234_5678);
  private volatile boolean stopping;
  private final AtomicInteger closedEarly = new AtomicInteger();
  private final AtomicReference<String> firstCloseReason = new AtomicReference<>();

  /**
   * @param sources local addresses to connect from; 0 picks one per
   *     {@link LoadClient#CONNECTIONS_PER_SOURCE_ADDRESS} connections
   * @param heap also measure the heap after GC (needs a JVM server and jcmd)
   */
  public IdleLoad(LoadOptions options, int sources, boolean heap) {
    if (sources < 0 || sources > 254) {
      throw new IllegalArgumentException("--source-addresses must be between 0 (automatic) and 254, was " + sources);
    }
    this.options = options;
    this.sources = sources != 0 ? sources
        : (options.connections() + LoadClient.CONNECTIONS_PER_SOURCE_ADDRESS - 1) / LoadClient.CONNECTIONS_PER_SOURCE_ADDRESS;
    this.heap = heap;
  }

  public Report run() {
    ServerProcess server = options.server();
    try (LoadClient client = new LoadClient(options.url(), options.threads(), options.busyPoll())) {
      // The GC first: G1 gives memory back after a full GC, which would skew an RSS taken before it.
      long heapBefore = server != null && heap ? server.heapAfterGcKiB() : -1;
      long rssBefore = server == null ? -1 : server.rssKiB();
      long t0 = System.nanoTime();
      List<LoadConnection> conns = LoadClient.await(
          client.open(options.connections(), sources,
              i -> new LoadConnection(client.hostHeader(), client.target(), payloads, this), options.connectTimeout()),
          options.connectTimeout().plusSeconds(1), "opening " + options.connections() + " connections");
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      Interval.sleep(options.duration());
      long heapAfter = server != null && heap ? server.heapAfterGcKiB() : -1;
      long rssAfter = server == null ? -1 : server.rssKiB();
      long stillOpen = conns.stream().filter(LoadConnection::isOpen).count();
      stopping = true;

      int n = options.connections();
      Report r = new Report();
      r.put("mode", "connections").put("url", options.url().toString()).put("transport", client.transport());
      r.put("connections", (long) n).put("source_addresses", (long) sources);
      r.put("open_seconds", openSeconds).put("handshakes_per_s", n / openSeconds);
      r.put("held_seconds", options.duration().toMillis() / 1000.0);
      r.put("still_open", stillOpen);
      r.put("closed_early", (long) closedEarly.get());
      if (firstCloseReason.get() != null) {
        r.put("first_close", firstCloseReason.get());
      }
      if (server != null) {
        r.put("rss_before_kib", rssBefore).put("rss_after_kib", rssAfter);
        r.put("rss_kib_per_connection", (rssAfter - rssBefore) / (double) n);
      }
      if (heapBefore >= 0) {
        r.put("heap_before_kib", heapBefore).put("heap_after_kib", heapAfter);
        r.put("heap_kib_per_connection", (heapAfter - heapBefore) / (double) n);
      }
      return r;
    }
  }

  @Override
  public void onOpen(LoadConnection c) {}

  @Override
  public void onMessage(LoadConnection c, Payloads.Check message, boolean intact) {}

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
