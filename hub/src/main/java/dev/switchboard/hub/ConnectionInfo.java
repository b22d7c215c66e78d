package dev.switchboard.hub;

import java.util.Set;

/**
 * A snapshot of one connection as the presence engine and OData filters see it. Thread-safe
 * (immutable).
 *
 * @param connectionId the connection's id
 * @param userId its user, or null
 * @param groups the groups it is in (case-sensitive names)
 * @param protocol its subprotocol, or the empty string
 */
public record ConnectionInfo(String connectionId, String userId, Set<String> groups,
    String protocol) {
  public ConnectionInfo {
    groups = Set.copyOf(groups);
  }
}
