package dev.switchboard.hub.server.upstream;

import java.util.List;

/** The outcome of a {@code connect} event (spec §4.4). Immutable and thread-safe. */
public sealed interface ConnectResult {

  /**
   * Accept. Each field is null when the handler did not set it (then the token's value holds).
   *
   * @param userId overrides the token's user
   * @param groups groups to join on connect
   * @param roles replace the token's roles
   * @param subprotocol the subprotocol to answer (one of the offered ones)
   */
  record Accepted(String userId, List<String> groups, List<String> roles, String subprotocol) implements ConnectResult {
    public static final Accepted DEFAULTS = new Accepted(null, null, null, null);
  }

  /**
   * Reject the WebSocket handshake with {@code status} (the handler's 4xx/5xx, 500 when it could
   * not be reached or answered nonsense, 503 when the hub's upstream queue is full).
   */
  record Rejected(int status, String reason) implements ConnectResult {}
}
