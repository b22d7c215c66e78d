package dev.switchboard.hub.server.upstream;

import java.util.List;
import java.util.Map;

/**
 * What the {@code connect} event tells the handler (spec §4.4). Immutable and thread-safe.
 *
 * @param userId the user id from the token, null for none ({@code ce-userId})
 * @param selectedSubprotocol the subprotocol the service would pick without the handler, null for
 *     none ({@code ce-subprotocol} of later events unless the handler picks another)
 * @param claims the token's claims; {@code query} and {@code headers} as received, minus
 *     {@code access_token} and {@code Authorization} (removed here too)
 * @param subprotocols every offered subprotocol
 */
public record ConnectRequest(String userId, String selectedSubprotocol, Map<String, List<String>> claims,
    Map<String, List<String>> query, Map<String, List<String>> headers, List<String> subprotocols) {

  public ConnectRequest {
    claims = Map.copyOf(claims);
    query = without(query, "access_token");
    headers = without(headers, "authorization");
    subprotocols = List.copyOf(subprotocols);
  }

  private static Map<String, List<String>> without(Map<String, List<String>> map, String name) {
    java.util.LinkedHashMap<String, List<String>> copy = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (!k.equalsIgnoreCase(name)) {
        copy.put(k, List.copyOf(v));
      }
    });
    return java.util.Collections.unmodifiableMap(copy);
  }
}
