package dev.switchboard.hub.server.client;

import dev.switchboard.hub.Hub;
import java.util.List;

/**
 * What the upgrade decided about one client, carried to {@code onOpen} as the session's
 * attachment. Immutable and thread-safe.
 *
 * @param hub the hub
 * @param connectionId the new connection's id
 * @param userId the user, or null
 * @param roles roles from the token or the connect handler
 * @param groups groups to join on connect
 * @param subprotocol the answered subprotocol, or null for a simple client
 * @param rawGroup for a simple client in {@code webpubsub_mode=sendToGroup}: the group its
 *     frames are published to; otherwise null
 * @param rawNoEcho with {@code rawGroup}: whether the sender skips its own frames
 */
record Admission(Hub hub, String connectionId, String userId, List<String> roles, List<String> groups,
    String subprotocol, String rawGroup, boolean rawNoEcho) {

  Admission {
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
  }

  Admission withDecision(String userId, List<String> roles, List<String> groups, String subprotocol) {
    return new Admission(hub, connectionId, userId, roles, groups, subprotocol, rawGroup, rawNoEcho);
  }
}
