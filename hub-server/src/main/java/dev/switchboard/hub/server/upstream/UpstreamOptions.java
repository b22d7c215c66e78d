package dev.switchboard.hub.server.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and identity of upstream calls. Every limit has a default, a unit and a stated outcome.
 * Immutable and thread-safe; change with the {@code withX} copies.
 *
 * @param requestOrigin the {@code WebHook-Request-Origin} value: this service's {@code host[:port]}
 *     as handlers know it (the express handler matches it against its {@code allowedEndpoints})
 * @param requestTimeout per HTTP attempt, default 10 s; exceeded: the attempt fails like an
 *     unreachable upstream (retried; a connect then rejects with 500)
 * @param retryDelays the waits before the 2nd, 3rd, ... attempt, default 1 s, 3 s, 5 s (4 attempts);
 *     retried: network errors and timeouts, and 408/5xx answers except to {@code connect}; never 4xx
 * @param maxConcurrentPerHub HTTP requests in flight per hub, default 32; more wait in the hub's queue
 * @param maxQueuedPerHub requests waiting per hub, default 1024; exceeded: the event fails at once
 *     ({@link UpstreamException} status 0; a connect rejects with 503)
 * @param maxResponseBytes the largest handler answer read, default 1 MiB (Azure's message limit);
 *     exceeded: the event fails (status 0, a connect rejects with 500)
 * @param validationRetryAfter how long a failed abuse-protection validation is remembered before it
 *     is tried again, default 30 s; successes are remembered for the life of the {@link Upstream}
 */
public record UpstreamOptions(String requestOrigin, Duration requestTimeout, List<Duration> retryDelays,
    int maxConcurrentPerHub, int maxQueuedPerHub, int maxResponseBytes, Duration validationRetryAfter) {

  public UpstreamOptions {
    Objects.requireNonNull(requestOrigin, "requestOrigin");
    retryDelays = List.copyOf(retryDelays);
    positive(requestTimeout, "requestTimeout");
    positive(validationRetryAfter, "validationRetryAfter");
    retryDelays.forEach(d -> {
      if (d.isNegative()) {
        throw new IllegalArgumentException("retry delays must not be negative: " + d);
      }
    });
    if (maxConcurrentPerHub < 1 || maxQueuedPerHub < 0 || maxResponseBytes < 0) {
      throw new IllegalArgumentException("maxConcurrentPerHub must be >= 1, maxQueuedPerHub and maxResponseBytes >= 0");
    }
  }

  /** The defaults, with this service's {@code host[:port]}. */
  public static UpstreamOptions defaults(String requestOrigin) {
    return new UpstreamOptions(requestOrigin, Duration.ofSeconds(10),
        List.of(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5)), 32, 1024, 1 << 20, Duration.ofSeconds(30));
  }

  public UpstreamOptions withRequestTimeout(Duration d) {
    return new UpstreamOptions(requestOrigin, d, retryDelays, maxConcurrentPerHub, maxQueuedPerHub, maxResponseBytes, validationRetryAfter);
  }

  public UpstreamOptions withRetryDelays(List<Duration> d) {
    return new UpstreamOptions(requestOrigin, requestTimeout, d, maxConcurrentPerHub, maxQueuedPerHub, maxResponseBytes, validationRetryAfter);
  }

  public UpstreamOptions withMaxConcurrentPerHub(int n) {
    return new UpstreamOptions(requestOrigin, requestTimeout, retryDelays, n, maxQueuedPerHub, maxResponseBytes, validationRetryAfter);
  }

  public UpstreamOptions withMaxQueuedPerHub(int n) {
    return new UpstreamOptions(requestOrigin, requestTimeout, retryDelays, maxConcurrentPerHub, n, maxResponseBytes, validationRetryAfter);
  }

  public UpstreamOptions withMaxResponseBytes(int n) {
    return new UpstreamOptions(requestOrigin, requestTimeout, retryDelays, maxConcurrentPerHub, maxQueuedPerHub, n, validationRetryAfter);
  }

  public UpstreamOptions withValidationRetryAfter(Duration d) {
    return new UpstreamOptions(requestOrigin, requestTimeout, retryDelays, maxConcurrentPerHub, maxQueuedPerHub, maxResponseBytes, d);
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
