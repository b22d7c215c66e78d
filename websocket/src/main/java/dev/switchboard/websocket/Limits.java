package dev.switchboard.websocket;

import dev.switchboard.protocol.CloseCode;
import java.time.Duration;

/**
 * The limits of one connection. Every limit has a default and a consequence, listed here and
 * in {@code docs/limits.md}. A server's limits apply to each of its sessions unless the upgrade
 * decision gives that session its own ({@link Upgrade#accept(Object, String, Limits)}).
 * Immutable and thread-safe; copies are made with {@code withX}.
 *
 * @param maxFramePayloadBytes largest frame payload received (default 16 MiB). Larger:
 *     close {@link CloseCode#MESSAGE_TOO_BIG} 1009, detected from the frame header.
 * @param maxMessageBytes largest message received (default 16 MiB). Larger: close 1009.
 * @param handshakeTimeout how long the opening handshake may take (default 5 s): on a server
 *     from accept until the 101 is written, on a client from connect until the 101 arrives.
 *     Then the socket is closed (server) or the connect fails (client).
 * @param closeTimeout how long to wait for the peer's close frame or TCP close after ours
 *     (default 5 s); then the connection is dropped and reported as 1006.
 * @param pingInterval send a ping after this long without any frame from the peer; {@code
 *     Duration.ZERO} (default) disables keep-alive pings.
 * @param pingTimeout after a keep-alive ping, how long to wait for any frame before the
 *     connection is considered dead and dropped, reported as 1006 with a {@link
 *     HeartbeatTimeoutException} (default
 *     10 s; only used when pings are on).
 * @param maxHandshakeHeaderBytes largest request (server) or response (client) head in the
 *     opening handshake (default 8 KiB). Larger: HTTP 431 (server) or a failed connect (client).
 * @param maxBufferedBytes most bytes accepted for sending and not yet written to the socket,
 *     {@link Session#bufferedAmount()} (default 64 MiB). A send that would go past it fails at
 *     once with {@link SendBufferFullException}; a topic message is dropped and counted, or the
 *     session closed with 1013, as {@link ServerLimits#slowConsumerPolicy()} says. Control frames
 *     (ping, pong, close) are never refused. Topic messages already queued are counted as Netty's
 *     outbound buffer holds them: never less than their bytes not yet written, at most what that
 *     buffer holds (which adds a fixed overhead per queued frame, and the session's own sends queued
 *     with them), so the limit errs towards refusing early.
 * @param sendHighWaterBytes when the bytes waiting for the socket exceed this many, {@link
 *     Session#isWritable()} turns false (default 64 KiB, Netty's own default). Nothing is refused
 *     at this mark: it is the signal to stop sending before {@code maxBufferedBytes} refuses.
 * @param sendLowWaterBytes after having been unwritable, once the buffered bytes fall below this many,
 *     {@code isWritable()} turns true again and {@link Endpoint#onWritable(Session)} fires (the
 *     connection's {@code WRITABLE} event) (default 32 KiB; at most {@code sendHighWaterBytes}).
 * @param idleTimeout after this long without any frame from the peer the session is closed with
 *     1001 (going away) and reason "idle timeout"; {@code Duration.ZERO} (default) disables it.
 *     With keep-alive pings on, a live peer's pongs count as frames. The sessions of an event
 *     loop share one timer wheel, so the close comes within one tick after the timeout: 1/16 of
 *     it, at least 1 ms and at most 1 s (30 s closes between 30 and 31 s of silence).
 */
public record Limits(
    long maxFramePayloadBytes,
    long maxMessageBytes,
    Duration handshakeTimeout,
    Duration closeTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    int maxHandshakeHeaderBytes,
    long maxBufferedBytes,
    Duration idleTimeout,
    long sendHighWaterBytes,
    long sendLowWaterBytes) {

  public static final Limits DEFAULT = new Limits(16L << 20, 16L << 20, Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ZERO, Duration.ofSeconds(10), 8192, 64L << 20, Duration.ZERO,
      64 * 1024, 32 * 1024);

  public Limits {
    if (maxFramePayloadBytes < 125) {
      throw new IllegalArgumentException("maxFramePayloadBytes must be at least 125, was " + maxFramePayloadBytes);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    if (maxMessageBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("maxMessageBytes must fit an array (< 2 GiB), was " + maxMessageBytes);
    }
    requirePositive("handshakeTimeout", handshakeTimeout);
    requirePositive("closeTimeout", closeTimeout);
    if (pingInterval == null || pingInterval.isNegative()) {
      throw new IllegalArgumentException("pingInterval must be zero (off) or positive, was " + pingInterval);
    }
    requirePositive("pingTimeout", pingTimeout);
    if (maxHandshakeHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHandshakeHeaderBytes must be at least 1024, was " + maxHandshakeHeaderBytes);
    }
    if (maxBufferedBytes < 1024) {
      throw new IllegalArgumentException("maxBufferedBytes must be at least 1024, was " + maxBufferedBytes);
    }
    if (idleTimeout == null || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must be zero (off) or positive, was " + idleTimeout);
    }
    if (sendHighWaterBytes < 1 || sendHighWaterBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sendHighWaterBytes must be 1 B to 2 GiB, was " + sendHighWaterBytes);
    }
    if (sendLowWaterBytes < 1 || sendLowWaterBytes > sendHighWaterBytes) {
      throw new IllegalArgumentException("sendLowWaterBytes must be 1 to sendHighWaterBytes (" + sendHighWaterBytes
          + "), was " + sendLowWaterBytes + "; set both with withSendWaterMarks(low, high)");
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** One limit as {@code docs/limits.md} lists it. */
  public record Entry(String name, String defaultValue, String consequence) {}

  /**
   * Every limit with its default and what happens when it is exceeded: the source of {@code
   * docs/limits.md}, which a test keeps in sync.
   */
  public static java.util.List<Entry> catalog() {
    Limits d = DEFAULT;
    return java.util.List.of(
        new Entry("maxFramePayloadBytes", bytes(d.maxFramePayloadBytes),
            "close 1009 (message too big), detected from the frame header before the payload is read"),
        new Entry("maxMessageBytes", bytes(d.maxMessageBytes),
            "close 1009 (message too big) as soon as the running total of a fragmented message exceeds it; "
                + "for a compressed message the inflated size counts, so a zip bomb is cut off at the limit"),
        new Entry("handshakeTimeout", d.handshakeTimeout.toSeconds() + " s",
            "server: socket closed without an answer; client: connect fails with HANDSHAKE_TIMEOUT"),
        new Entry("closeTimeout", d.closeTimeout.toSeconds() + " s",
            "TCP dropped; onClose reports 1006 (abnormal closure), wasClean=false, with a TimeoutException"),
        new Entry("pingInterval", "0 (off)",
            "after this long without any frame from the peer, a ping is sent"),
        new Entry("pingTimeout", d.pingTimeout.toSeconds() + " s",
            "no frame within this time after a keep-alive ping: TCP dropped, onClose 1006 with a HeartbeatTimeoutException"),
        new Entry("maxHandshakeHeaderBytes", bytes(d.maxHandshakeHeaderBytes),
            "server: HTTP 431; client: connect fails with INVALID_HANDSHAKE"),
        new Entry("maxBufferedBytes", bytes(d.maxBufferedBytes),
            "a send fails at once with SendBufferFullException (nothing is queued); a topic message is dropped "
                + "and counted in Session.droppedMessages() or the session closed with 1013, per "
                + "ServerLimits.slowConsumerPolicy"),
        new Entry("idleTimeout", "0 (off)",
            "no frame from the peer for this long: close 1001 (going away), reason \"idle timeout\" "
                + "(within one tick after it: 1/16 of the timeout, 1 ms to 1 s)"),
        new Entry("sendHighWaterBytes", bytes(d.sendHighWaterBytes),
            "buffered send bytes exceed it: Session.isWritable() turns false (nothing is refused; "
                + "maxBufferedBytes refuses)"),
        new Entry("sendLowWaterBytes", bytes(d.sendLowWaterBytes),
            "buffered send bytes fall below it after the high-water mark: isWritable() true again, onWritable / "
                + "WRITABLE fires"),
        new Entry("control frame payload (RFC 6455 §5.5, fixed)", "125 B",
            "received: close 1002; sent: IllegalArgumentException"),
        new Entry("close reason (RFC 6455 §5.5.1, fixed)", "123 B (UTF-8)",
            "sent: IllegalArgumentException; a longer internal reason is cut at a character boundary"));
  }

  private static String bytes(long n) {
    if (n % (1 << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n % 1024 == 0) {
      return (n >> 10) + " KiB";
    }
    return n + " B";
  }

  public Limits withMaxFramePayloadBytes(long v) {
    return new Limits(v, maxMessageBytes, handshakeTimeout, closeTimeout, pingInterval, pingTimeout, maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withMaxMessageBytes(long v) {
    return new Limits(maxFramePayloadBytes, v, handshakeTimeout, closeTimeout, pingInterval, pingTimeout, maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withHandshakeTimeout(Duration v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, v, closeTimeout, pingInterval, pingTimeout, maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withCloseTimeout(Duration v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, v, pingInterval, pingTimeout, maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withPingInterval(Duration v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, closeTimeout, v, pingTimeout, maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withPingTimeout(Duration v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, closeTimeout, pingInterval, v, maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withMaxHandshakeHeaderBytes(int v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, closeTimeout, pingInterval, pingTimeout, v, maxBufferedBytes, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withMaxBufferedBytes(long v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, closeTimeout, pingInterval, pingTimeout, maxHandshakeHeaderBytes, v, idleTimeout, sendHighWaterBytes, sendLowWaterBytes);
  }

  public Limits withIdleTimeout(Duration v) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, closeTimeout, pingInterval, pingTimeout, maxHandshakeHeaderBytes, maxBufferedBytes, v, sendHighWaterBytes, sendLowWaterBytes);
  }

  /**
   * Both send-buffer water marks at once (so that no intermediate pair is invalid).
   *
   * @throws IllegalArgumentException unless {@code 1 <= lowBytes <= highBytes <= 2 GiB}
   */
  public Limits withSendWaterMarks(long lowBytes, long highBytes) {
    return new Limits(maxFramePayloadBytes, maxMessageBytes, handshakeTimeout, closeTimeout, pingInterval, pingTimeout,
        maxHandshakeHeaderBytes, maxBufferedBytes, idleTimeout, highBytes, lowBytes);
  }
}
