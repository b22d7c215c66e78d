package dev.switchboard.websocket;

import java.time.Duration;

/**
 * The limits of a {@link WebSocketServer} as a whole (those of each connection are {@link
 * Limits}). Every limit has a default and a consequence, listed here and in {@code
 * docs/limits.md}. Immutable and thread-safe; copies are made with {@code withX}.
 *
 * @param maxHttpBodyBytes largest body of a plain HTTP request to an {@link HttpService}
 *     (default 1 MiB). Larger: HTTP 413, connection closed.
 * @param httpIdleTimeout how long a kept-alive HTTP connection may wait for its next complete
 *     request (default 60 s); then it is closed.
 * @param httpResponseTimeout how long an {@link HttpService} may take to answer (default 30 s);
 *     then the client gets 503 and the connection is closed.
 */
public record ServerLimits(long maxHttpBodyBytes, Duration httpIdleTimeout, Duration httpResponseTimeout) {

  public static final ServerLimits DEFAULT = new ServerLimits(1L << 20, Duration.ofSeconds(60), Duration.ofSeconds(30));

  public ServerLimits {
    if (maxHttpBodyBytes < 0 || maxHttpBodyBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("maxHttpBodyBytes must be 0 to 2 GiB, was " + maxHttpBodyBytes);
    }
    requirePositive("httpIdleTimeout", httpIdleTimeout);
    requirePositive("httpResponseTimeout", httpResponseTimeout);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Every server-wide limit with its default and consequence, for {@code docs/limits.md}. */
  public static java.util.List<Limits.Entry> catalog() {
    ServerLimits d = DEFAULT;
    return java.util.List.of(
        new Limits.Entry("maxHttpBodyBytes", (d.maxHttpBodyBytes >> 20) + " MiB",
            "HTTP 413 (payload too large) before the body is read; the connection is closed"),
        new Limits.Entry("httpIdleTimeout", d.httpIdleTimeout.toSeconds() + " s",
            "a kept-alive HTTP connection with no complete request for this long is closed"),
        new Limits.Entry("httpResponseTimeout", d.httpResponseTimeout.toSeconds() + " s",
            "HTTP 503 (service unavailable) and the connection is closed"));
  }

  public ServerLimits withMaxHttpBodyBytes(long v) {
    return new ServerLimits(v, httpIdleTimeout, httpResponseTimeout);
  }

  public ServerLimits withHttpIdleTimeout(Duration v) {
    return new ServerLimits(maxHttpBodyBytes, v, httpResponseTimeout);
  }

  public ServerLimits withHttpResponseTimeout(Duration v) {
    return new ServerLimits(maxHttpBodyBytes, httpIdleTimeout, v);
  }
}
