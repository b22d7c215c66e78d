package dev.switchboard.websocket;

/**
 * Decides on opening requests for a route: authenticate, pick a subprotocol, attach user data,
 * or refuse with an HTTP status. Called on the connection's event loop; to decide after
 * blocking work, hand {@code upgrade} to another thread and return.
 */
@FunctionalInterface
public interface UpgradeHandler {

  /** Accepts every request. */
  UpgradeHandler ACCEPT_ALL = (request, upgrade) -> upgrade.accept();

  void onUpgrade(UpgradeRequest request, Upgrade upgrade);
}
