package dev.switchboard.websocket.node;

import dev.switchboard.websocket.Session;

/**
 * Node's {@code callbackOpen(error, socket)}: called once per opening request that reached {@link
 * ConnectCallback}, on the connection's event loop. Either {@code error} is null and {@code
 * socket} is the open session (messages may flow), or {@code socket} is null and {@code error}
 * says why the handshake failed: a {@link java.util.concurrent.TimeoutException} (ready not run
 * in time), an {@link dev.switchboard.websocket.UpgradeRejectedException} (refused), or a {@link
 * java.nio.channels.ClosedChannelException} (the client went away first).
 */
@FunctionalInterface
public interface OpenCallback {

  void onOpen(Throwable error, Session socket);
}
