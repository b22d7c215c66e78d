package dev.switchboard.hub.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a valid client access token says (spec §2.3). Immutable and thread-safe.
 *
 * @param userId the {@code sub} claim; null when absent
 * @param roles the {@code role} claim (string or array), in order, empty when absent
 * @param groups the {@code webpubsub.group} claim (string or array), empty when absent
 * @param expiresAt the {@code exp} claim; null when absent
 * @param claims every claim as the connect event's {@code claims}: name to string values
 *     (custom claims included)
 */
public record ClientClaims(String userId, List<String> roles, List<String> groups, Instant expiresAt,
    Map<String, List<String>> claims) {

  public ClientClaims {
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
    claims = Map.copyOf(claims);
  }
}
