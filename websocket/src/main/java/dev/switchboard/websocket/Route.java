package dev.switchboard.websocket;

import java.util.List;

/**
 * Where a server serves an endpoint. Immutable and thread-safe.
 *
 * @param path the exact request path (e.g. {@code /chat}), or a prefix ending in {@code /*}
 *     (e.g. {@code /rooms/*}) matching every path below it; exact paths win over prefixes and
 *     longer prefixes over shorter
 * @param endpoint receives the sessions' events
 * @param upgradeHandler decides on each opening request (accept all by default)
 * @param subprotocols the subprotocols this route speaks; by default the first one the client
 *     offers that is in this list is chosen, and none if the client offers none of them
 */
public record Route(String path, Endpoint endpoint, UpgradeHandler upgradeHandler, List<String> subprotocols) {

  public Route {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with '/', was " + path);
    }
    if (path.contains("*") && !(path.endsWith("/*") && path.indexOf('*') == path.length() - 1)) {
      throw new IllegalArgumentException("'*' may only end a prefix route, as in /rooms/*; was " + path);
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("endpoint must not be null for route " + path);
    }
    upgradeHandler = upgradeHandler == null ? UpgradeHandler.ACCEPT_ALL : upgradeHandler;
    subprotocols = List.copyOf(subprotocols == null ? List.of() : subprotocols);
    for (String p : subprotocols) {
      if (!dev.switchboard.protocol.HeaderTokens.isToken(p)) {
        throw new IllegalArgumentException("subprotocol '" + p + "' is not a valid token");
      }
    }
  }

  public static Route of(String path, Endpoint endpoint) {
    return new Route(path, endpoint, null, List.of());
  }

  public Route withUpgradeHandler(UpgradeHandler handler) {
    return new Route(path, endpoint, handler, subprotocols);
  }

  public Route withSubprotocols(String... protocols) {
    return new Route(path, endpoint, upgradeHandler, List.of(protocols));
  }

  /** Whether this is a prefix route ({@code /x/*}). */
  public boolean isPrefix() {
    return path.endsWith("/*");
  }
}
