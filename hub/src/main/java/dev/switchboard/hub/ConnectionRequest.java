package dev.switchboard.hub;

import java.util.List;
import java.util.Objects;

/**
 * What an accepted client brings to {@link Hub#connect}: its id, user, roles and initial groups
 * (from the access token or the upstream connect handler) and its subprotocol. Thread-safe
 * (immutable).
 *
 * @param connectionId from {@link Hub#newConnectionId()}; non-empty
 * @param userId the user, or null for an anonymous connection
 * @param roles role strings such as {@code webpubsub.joinLeaveGroup.chat} (see {@link Permission})
 * @param groups groups joined on connect (no permission needed)
 * @param protocol the negotiated subprotocol, or the empty string for a simple client
 * @param reliable whether the subprotocol is a reliable one: sequence ids, replay, recovery
 */
public record ConnectionRequest(String connectionId, String userId, List<String> roles,
    List<String> groups, String protocol, boolean reliable) {
  public ConnectionRequest {
    HubNames.requireId("connectionId", connectionId);
    if (userId != null) {
      HubNames.requireId("userId", userId);
    }
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
    groups.forEach(HubNames::requireGroup);
    Objects.requireNonNull(protocol, "protocol");
  }

  /** A non-reliable connection of {@code userId} with no roles and no groups. */
  public static ConnectionRequest of(String connectionId, String userId) {
    return new ConnectionRequest(connectionId, userId, List.of(), List.of(), "", false);
  }

  public ConnectionRequest withRoles(List<String> roles) {
    return new ConnectionRequest(connectionId, userId, roles, groups, protocol, reliable);
  }

  public ConnectionRequest withGroups(List<String> groups) {
    return new ConnectionRequest(connectionId, userId, roles, groups, protocol, reliable);
  }

  public ConnectionRequest withProtocol(String protocol, boolean reliable) {
    return new ConnectionRequest(connectionId, userId, roles, groups, protocol, reliable);
  }
}
