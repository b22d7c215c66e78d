package dev.switchboard.websocket;

/**
 * What a {@link Connection} does with messages sent while no session is open (before the first
 * open, or while it reconnects): keep them, up to a bound, and send them in order once a session
 * opens, or reject them. Never dropped silently: a message over the bound, or still queued when
 * the connection gives up or is closed, fails its future with a {@link SendRejectedException}.
 * Each queued message is handed to exactly one session, so none is sent twice. Immutable and
 * thread-safe.
 *
 * @param maxMessages how many messages may wait (0 with {@code maxBytes} 0: reject all)
 * @param maxBytes how many payload bytes (UTF-8 for text) may wait in total
 */
public record OfflineQueue(int maxMessages, long maxBytes) {

  /** Rejects every message sent while not open. */
  public static final OfflineQueue REJECT = new OfflineQueue(0, 0);

  /** The default: up to 1024 messages and 1 MiB. */
  public static final OfflineQueue DEFAULT = new OfflineQueue(1024, 1 << 20);

  public OfflineQueue {
    if (maxMessages < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("maxMessages and maxBytes must be 0 or more, were " + maxMessages + ", " + maxBytes);
    }
  }

  public static OfflineQueue bounded(int maxMessages, long maxBytes) {
    return new OfflineQueue(maxMessages, maxBytes);
  }

  /** Whether anything is kept at all. */
  public boolean isEnabled() {
    return maxMessages > 0;
  }
}
