package dev.switchboard.websocket;

import java.time.Duration;

/**
 * How often and how fast a {@link Connection} tries again: after a retryable failure of its
 * first connect ({@link WebSocketClient.Builder#connectRetry}), or after its session dropped
 * ({@link WebSocketClient.Builder#reconnect}). Immutable and thread-safe.
 *
 * <p>Retry {@code n} (1-based) waits {@code min(maxDelay, initialDelay × multiplier^(n-1))},
 * shortened by a random fraction of up to {@code jitter} so that many clients dropped at once do
 * not come back at once. A server's {@code Retry-After} (on 429 and 5xx answers) is honoured: the
 * wait is then at least that long, and a {@code Retry-After} longer than {@code maxDelay} ends
 * the retries with that answer's {@link WebSocketConnectException}.
 *
 * @param maxRetries how many times to try again (0: never). For a reconnect, counted per outage:
 *     an open session resets it.
 * @param initialDelay the wait before the first retry
 * @param maxDelay the cap of every wait
 * @param multiplier the growth of the wait from one retry to the next, at least 1
 * @param jitter the largest fraction, 0 to 1, taken off a wait at random
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

  /** Never tries again: the default for connects and reconnects. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(30), 2, 0.5);

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
    }
    if (initialDelay == null || initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay must be zero or positive, was " + initialDelay);
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be at least initialDelay (" + initialDelay + "), was " + maxDelay);
    }
    if (!(multiplier >= 1 && multiplier <= 100)) {
      throw new IllegalArgumentException("multiplier must be between 1 and 100, was " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** Up to {@code maxRetries} retries, from 1 s doubling up to 30 s, with up to 50 % jitter. */
  public static RetryPolicy exponential(int maxRetries) {
    return NONE.withMaxRetries(maxRetries);
  }

  /**
   * The wait before retry {@code retry} (1-based), given {@code random} in [0, 1) for the jitter.
   */
  public Duration delayBefore(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, was " + retry);
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(base, maxDelay.toNanos());
    return Duration.ofNanos((long) (capped * (1 - jitter * random)));
  }

  public RetryPolicy withMaxRetries(int v) {
    return new RetryPolicy(v, initialDelay, maxDelay, multiplier, jitter);
  }

  public RetryPolicy withInitialDelay(Duration v) {
    return new RetryPolicy(maxRetries, v, maxDelay, multiplier, jitter);
  }

  public RetryPolicy withMaxDelay(Duration v) {
    return new RetryPolicy(maxRetries, initialDelay, v, multiplier, jitter);
  }

  public RetryPolicy withMultiplier(double v) {
    return new RetryPolicy(maxRetries, initialDelay, maxDelay, v, jitter);
  }

  public RetryPolicy withJitter(double v) {
    return new RetryPolicy(maxRetries, initialDelay, maxDelay, multiplier, v);
  }
}
