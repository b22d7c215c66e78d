package dev.switchboard.hub;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Options of a REST send: connections to leave out, an OData filter, a time to live.
 * Thread-safe (immutable).
 *
 * @param excluded connection ids that do not receive the message
 * @param filter an OData filter over the receiving connections (spec §1.3), or null for none;
 *     parsed by the send, which throws {@link FilterException} when it is invalid
 * @param ttl how long an undelivered message stays deliverable: {@link Duration#ZERO} means
 *     forever, otherwise 1 s to {@value #MAX_TTL_SECONDS} s in whole seconds (REST
 *     {@code messageTtlSeconds}); out of range is an {@link IllegalArgumentException} (HTTP 400)
 */
public record SendOptions(Set<String> excluded, String filter, Duration ttl) {
  /** The longest TTL the REST API accepts, in seconds (spec §1.2). */
  public static final int MAX_TTL_SECONDS = 300;
  public static final SendOptions NONE = new SendOptions(Set.of(), null, Duration.ZERO);

  public SendOptions {
    excluded = Set.copyOf(excluded);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(MAX_TTL_SECONDS)) > 0) {
      throw new InvalidArgumentException("messageTtlSeconds",
          "messageTtlSeconds must be 0 to " + MAX_TTL_SECONDS + "; got " + ttl.toSeconds());
    }
  }

  public SendOptions withExcluded(Set<String> excluded) {
    return new SendOptions(excluded, filter, ttl);
  }

  public SendOptions withFilter(String filter) {
    return new SendOptions(excluded, filter, ttl);
  }

  public SendOptions withTtl(Duration ttl) {
    return new SendOptions(excluded, filter, ttl);
  }
}
