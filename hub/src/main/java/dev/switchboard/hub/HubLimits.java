package dev.switchboard.hub;

import java.time.Duration;
import java.util.List;

/**
 * Every limit of the hub core, with its default and what exceeding it does. Thread-safe
 * (immutable). Change one with the {@code withX} copies:
 * {@code HubLimits.DEFAULT.withRecoveryWindow(Duration.ofMinutes(1))}.
 *
 * @param replayMaxMessages un-acked messages kept per reliable connection (default 1000); one
 *     more closes the connection with 1008 and it cannot be recovered
 * @param replayMaxBytes payload bytes of un-acked messages kept per reliable connection (default
 *     16 MiB); exceeding it closes with 1008, unrecoverable
 * @param recoveryWindow how long a reliable connection whose transport dropped stays alive for
 *     recovery (default 30 s); afterwards it is gone and {@code onDisconnected} fires
 * @param ackIdHistory successful {@code ackId}s remembered per connection for duplicate detection
 *     (default 1024); an older one repeated is executed again
 * @param filterMaxLength characters of an OData filter (default 4096); longer is a
 *     {@link FilterException} (HTTP 400)
 * @param filterMaxDepth nesting of an OData filter's parentheses, {@code not}s and function calls
 *     (default 32); deeper is a {@link FilterException} (HTTP 400)
 * @param maxPageSize the largest page of a group member listing (default 200, as the REST API);
 *     a larger request is an {@link IllegalArgumentException} (HTTP 400)
 */
public record HubLimits(int replayMaxMessages, long replayMaxBytes, Duration recoveryWindow,
    int ackIdHistory, int filterMaxLength, int filterMaxDepth, int maxPageSize) {

  public static final HubLimits DEFAULT =
      new HubLimits(1000, 16L << 20, Duration.ofSeconds(30), 1024, 4096, 32, 200);

  public HubLimits {
    positive("replayMaxMessages", replayMaxMessages);
    positive("replayMaxBytes", replayMaxBytes);
    if (recoveryWindow.isNegative() || recoveryWindow.isZero()) {
      throw new IllegalArgumentException("recoveryWindow must be positive");
    }
    positive("ackIdHistory", ackIdHistory);
    positive("filterMaxLength", filterMaxLength);
    positive("filterMaxDepth", filterMaxDepth);
    positive("maxPageSize", maxPageSize);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive; got " + value);
    }
  }

  public HubLimits withReplayMaxMessages(int v) {
    return new HubLimits(v, replayMaxBytes, recoveryWindow, ackIdHistory, filterMaxLength,
        filterMaxDepth, maxPageSize);
  }

  public HubLimits withReplayMaxBytes(long v) {
    return new HubLimits(replayMaxMessages, v, recoveryWindow, ackIdHistory, filterMaxLength,
        filterMaxDepth, maxPageSize);
  }

  public HubLimits withRecoveryWindow(Duration v) {
    return new HubLimits(replayMaxMessages, replayMaxBytes, v, ackIdHistory, filterMaxLength,
        filterMaxDepth, maxPageSize);
  }

  public HubLimits withAckIdHistory(int v) {
    return new HubLimits(replayMaxMessages, replayMaxBytes, recoveryWindow, v, filterMaxLength,
        filterMaxDepth, maxPageSize);
  }

  public HubLimits withFilterMaxLength(int v) {
    return new HubLimits(replayMaxMessages, replayMaxBytes, recoveryWindow, ackIdHistory, v,
        filterMaxDepth, maxPageSize);
  }

  public HubLimits withFilterMaxDepth(int v) {
    return new HubLimits(replayMaxMessages, replayMaxBytes, recoveryWindow, ackIdHistory,
        filterMaxLength, v, maxPageSize);
  }

  public HubLimits withMaxPageSize(int v) {
    return new HubLimits(replayMaxMessages, replayMaxBytes, recoveryWindow, ackIdHistory,
        filterMaxLength, filterMaxDepth, v);
  }

  /** One row of {@link #catalog()}: a limit, its default, and what exceeding it does. */
  public record Entry(String name, String defaultValue, String consequence) {}

  /** Every limit for the docs (docs/hub.md's table is checked against it by a test). */
  public static List<Entry> catalog() {
    HubLimits d = DEFAULT;
    return List.of(
        new Entry("replayMaxMessages", d.replayMaxMessages + " messages",
            "reliable connection closed with 1008, not recoverable; onDisconnected fires"),
        new Entry("replayMaxBytes", (d.replayMaxBytes >> 20) + " MiB",
            "reliable connection closed with 1008, not recoverable; onDisconnected fires"),
        new Entry("recoveryWindow", d.recoveryWindow.toSeconds() + " s",
            "a dropped reliable connection is gone; resume fails (server closes with 1008);"
                + " onDisconnected fires"),
        new Entry("ackIdHistory", d.ackIdHistory + " ids",
            "an older repeated ackId is executed again instead of answering Duplicate"),
        new Entry("filterMaxLength", d.filterMaxLength + " chars",
            "FilterException (HTTP 400)"),
        new Entry("filterMaxDepth", d.filterMaxDepth + " levels",
            "FilterException (HTTP 400)"),
        new Entry("maxPageSize", d.maxPageSize + " members",
            "IllegalArgumentException (HTTP 400)"),
        new Entry("messageTtl (SendOptions, fixed)", "0 (never) to "
            + SendOptions.MAX_TTL_SECONDS + " s", "IllegalArgumentException (HTTP 400)"));
  }
}
