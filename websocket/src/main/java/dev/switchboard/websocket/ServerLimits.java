package dev.switchboard.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The limits of a {@link WebSocketServer} as a whole (those of each connection are {@link
 * Limits}). Every limit has a default and a consequence, listed here and in {@code
 * docs/limits.md}. Immutable and thread-safe; copies are made with {@code withX}.
 *
 * <p>Connections are counted from TCP accept until the socket closes, opening handshake
 * included. The IP address is the TCP peer's (a proxy in front of the server is one address).
 * A refused connection is answered once its request head has been read, so the client sees the
 * status, and is then closed; it does not count.
 *
 * @param maxHttpBodyBytes largest body of a plain HTTP request to an {@link HttpService}
 *     (default 1 MiB). Larger: HTTP 413, connection closed.
 * @param httpIdleTimeout how long a kept-alive HTTP connection may wait for its next complete
 *     request (default 60 s); then it is closed.
 * @param httpResponseTimeout how long an {@link HttpService} may take to answer (default 30 s);
 *     then the client gets 503 and the connection is closed.
 * @param maxConnections most connections at once (default 100,000). Beyond it: HTTP 503 with
 *     {@code Retry-After: retryAfter}.
 * @param maxConnectionsPerIp most connections at once from one IP address; 0 (default) is
 *     unlimited. Beyond it: HTTP 503 with {@code Retry-After: retryAfter}.
 * @param handshakesPerSecondPerIp opening requests accepted per second from one IP address, on
 *     average (a token bucket refilled at this rate); 0 (default) is unlimited. Beyond it: HTTP
 *     429 with {@code Retry-After} saying when the next one would be accepted.
 * @param handshakeBurstPerIp how many requests one IP address may make at once before the rate
 *     applies: the bucket's size (default 20; only used when a rate is set).
 * @param retryAfter the {@code Retry-After} of a 503 for a connection limit (default 5 s, sent in
 *     whole seconds).
 * @param slowConsumerPolicy what happens to a topic message for a subscriber whose outgoing
 *     buffer would exceed {@link Limits#maxBufferedBytes()}: close it with 1013 (default) or drop
 *     the message and count it.
 */
public record ServerLimits(
    long maxHttpBodyBytes,
    Duration httpIdleTimeout,
    Duration httpResponseTimeout,
    int maxConnections,
    int maxConnectionsPerIp,
    double handshakesPerSecondPerIp,
    int handshakeBurstPerIp,
    Duration retryAfter,
    SlowConsumerPolicy slowConsumerPolicy) {

  public static final ServerLimits DEFAULT = new ServerLimits(1L << 20, Duration.ofSeconds(60), Duration.ofSeconds(30),
      100_000, 0, 0, 20, Duration.ofSeconds(5), SlowConsumerPolicy.CLOSE);

  public ServerLimits {
    if (maxHttpBodyBytes < 0 || maxHttpBodyBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("maxHttpBodyBytes must be 0 to 2 GiB, was " + maxHttpBodyBytes);
    }
    requirePositive("httpIdleTimeout", httpIdleTimeout);
    requirePositive("httpResponseTimeout", httpResponseTimeout);
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

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Every server-wide limit with its default and consequence, for {@code docs/limits.md}. */
  public static List<Limits.Entry> catalog() {
    ServerLimits d = DEFAULT;
    return List.of(
        new Limits.Entry("maxHttpBodyBytes", (d.maxHttpBodyBytes >> 20) + " MiB",
            "HTTP 413 (payload too large) before the body is read; the connection is closed"),
        new Limits.Entry("httpIdleTimeout", d.httpIdleTimeout.toSeconds() + " s",
            "a kept-alive HTTP connection with no complete request for this long is closed"),
        new Limits.Entry("httpResponseTimeout", d.httpResponseTimeout.toSeconds() + " s",
            "HTTP 503 (service unavailable) and the connection is closed"),
        new Limits.Entry("maxConnections", String.format(Locale.ROOT, "%,d", d.maxConnections),
            "HTTP 503 with Retry-After (retryAfter) to the opening request, then closed"),
        new Limits.Entry("maxConnectionsPerIp", "0 (unlimited)",
            "HTTP 503 with Retry-After (retryAfter) to the opening request, then closed"),
        new Limits.Entry("handshakesPerSecondPerIp", "0 (unlimited)",
            "HTTP 429 with Retry-After (seconds until the token bucket has a token again), then closed"),
        new Limits.Entry("handshakeBurstPerIp", d.handshakeBurstPerIp + " requests",
            "the token bucket's size: this many requests at once, then handshakesPerSecondPerIp"),
        new Limits.Entry("retryAfter", d.retryAfter.toSeconds() + " s", "the Retry-After of a 503 for a connection limit"),
        new Limits.Entry("slowConsumerPolicy", d.slowConsumerPolicy.name(),
            "CLOSE: a subscriber over maxBufferedBytes is closed with 1013 (try again later); "
                + "DROP: the topic message is skipped for it and counted in Session.droppedMessages()"));
  }

  public ServerLimits withMaxHttpBodyBytes(long v) {
    return new ServerLimits(v, httpIdleTimeout, httpResponseTimeout, maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withHttpIdleTimeout(Duration v) {
    return new ServerLimits(maxHttpBodyBytes, v, httpResponseTimeout, maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withHttpResponseTimeout(Duration v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, v, maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withMaxConnections(int v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, httpResponseTimeout, v, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withMaxConnectionsPerIp(int v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, httpResponseTimeout, maxConnections, v, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withHandshakesPerSecondPerIp(double v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, httpResponseTimeout, maxConnections, maxConnectionsPerIp, v, handshakeBurstPerIp, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withHandshakeBurstPerIp(int v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, httpResponseTimeout, maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, v, retryAfter, slowConsumerPolicy);
  }

  public ServerLimits withRetryAfter(Duration v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, httpResponseTimeout, maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, v, slowConsumerPolicy);
  }

  public ServerLimits withSlowConsumerPolicy(SlowConsumerPolicy v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, httpResponseTimeout, maxConnections, maxConnectionsPerIp, handshakesPerSecondPerIp, handshakeBurstPerIp, retryAfter, v);
  }
}
