package dev.switchboard.websocket;

import java.time.Duration;
import java.util.List;

/**
 * The limits of a whole server, across connections. Every limit has a default and a consequence,
 * listed here and in {@code docs/limits.md}. Immutable and thread-safe; copies are made with
 * {@code withX}. Per-connection limits are in {@link Limits}.
 *
 * <p>Connections are counted from TCP accept until the socket closes, opening handshake
 * included. The IP address is the TCP peer's (a proxy in front of the server is one address).
 * A refused connection is answered once its request head has been read, so the client sees the
 * status, and is then closed; it does not count.
 *
 * @param maxConnections most connections at once (default 100,000). Beyond it: HTTP 503 with
 *     {@code Retry-After: retryAfter}.
 * @param maxConnectionsPerIp most connections at once from one IP address; 0 (default) is
 *     unlimited. Beyond it: HTTP 503 with {@code Retry-After: retryAfter}.
 * @param handshakesPerSecondPerIp opening handshakes accepted per second from one IP address, on
 *     average (a token bucket refilled at this rate); 0 (default) is unlimited. Beyond it: HTTP
 *     429 with {@code Retry-After} saying when the next one would be accepted.
 * @param handshakeBurstPerIp how many handshakes one IP address may make at once before the rate
 *     applies: the bucket's size (default 20; only used when a rate is set).
 * @param retryAfter the {@code Retry-After} of a 503 (default 5 s, sent in whole seconds).
 * @param slowConsumerPolicy what happens to a topic message for a subscriber whose outgoing
 *     buffer would exceed {@link Limits#maxBufferedBytes()}: close it with 1013 (default) or drop
 *     the message and count it.
 */
public record ServerLimits(
    int maxConnections,
    int maxConnectionsPerIp,
    double handshakesPerSecondPerIp,
    int handshakeBurstPerIp,
    Duration retryAfter,
    SlowConsumerPolicy slowConsumerPolicy) {

  public static final ServerLimits DEFAULT =
      new ServerLimits(100_000, 0, 0, 20, Duration.ofSeconds(5), SlowConsumerPolicy.CLOSE);

  public ServerLimits {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
    }
    if (maxConnectionsPerIp < 0) {
      throw new IllegalArgumentException("maxConnectionsPerIp must be 0 (unlimited) or positive, was " + maxConnectionsPerIp);
    }
    if (!(handshakesPerSecondPerIp >= 0) || Double.isInfinite(handshakesPerSecondPerIp)) {
      throw new IllegalArgumentException(
          "handshakesPerSecondPerIp must be 0 (unlimited) or a positive number, was " + handshakesPerSecondPerIp);
    }
    if (handshakeBurstPerIp < 1) {
      throw new IllegalArgumentException("handshakeBurstPerIp must be positive, was " + handshakeBurstPerIp);
    }
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be zero or positive, was " + retryAfter);
    }
    if (slowConsumerPolicy == null) {
      throw new IllegalArgumentException("slowConsumerPolicy must be CLOSE or DROP, was null");
    }
  }

  /**
   * Every server limit with its default and what happens when it is exceeded: the source of the
   * server part of {@code docs/limits.md}, which a test keeps in sync.
   */
  public static List<Limits.Entry> catalog() {
    ServerLimits d = DEFAULT;
    return List.of(
        new Limits.Entry("maxConnections", String.format(java.util.Locale.ROOT, "%,d", d.maxConnections),
            "HTTP 503 with Retry-After (retryAfter) to the opening request"),
        new Limits.Entry("maxConnectionsPerIp", "0 (unlimited)",
            "HTTP 503 with Retry-After (retryAfter) to the opening request"),
        new Limits.Entry("handshakesPerSecondPerIp", "0 (unlimited)",
            "HTTP 429 with Retry-After (seconds until the token bucket has a token again)"),
        new Limits.Entry("handshakeBurstPerIp", d.handshakeBurstPerIp + " handshakes",
            "the token bucket's size: this many handshakes at once, then handshakesPerSecondPerIp"),
        new Limits.Entry("retryAfter", d.retryAfter.toSeconds() + " s", "the Retry-After of a 503"),
        new Limits.Entry("slowConsumerPolicy", d.slowConsumerPolicy.name(),
            "CLOSE: a subscriber over maxBufferedBytes is closed with 1013 (try again later); "
                + "DROP: the topic message is skipped for it and counted in Session.droppedMessages()"));
  }

  public ServerLimits withMaxConnections(int v) {
    return new ServerLimits(v, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter,
        slowConsumerPolicy);
  }

  public ServerLimits withMaxConnectionsPerIp(int v) {
    return new ServerLimits(maxConnections, v, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter,
        slowConsumerPolicy);
  }

  public ServerLimits withHandshakesPerSecondPerIp(double v) {
    return new ServerLimits(maxConnections, maxConnectionsPerIp, v, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withHandshakeBurstPerIp(int v) {
    return new ServerLimits(maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, v, retryAfter,
        slowConsumerPolicy);
  }

  public ServerLimits withRetryAfter(Duration v) {
    return new ServerLimits(maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, v,
        slowConsumerPolicy);
  }

  public ServerLimits withSlowConsumerPolicy(SlowConsumerPolicy v) {
    return new ServerLimits(maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp,
        retryAfter, v);
  }
}
