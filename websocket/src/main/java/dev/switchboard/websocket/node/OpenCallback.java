package dev.switchboard.websocket.node;

import dev.switchboard.websocket.Session;

/**
 * Node's {@code callbackOpen(error, socket)}: called once per opening handshake, on the
 * connection's event loop. Either {@code error} is null and {@code socket} is the open session
 * (messages may flow), or {@code socket} is null and {@code error} says why the handshake failed.
 *
 * <p>On a server ({@link ServerOptions#onOpen()}), for each request that reached {@link
 * ConnectCallback}: a {@link java.util.concurrent.TimeoutException} (ready not run in time), an
 * {@link dev.switchboard.websocket.UpgradeRejectedException} (refused), or a {@link
 * java.nio.channels.ClosedChannelException} (the client went away first).
 *
 * <p>On a client ({@link ClientOptions#onOpen()}): a {@link
 * dev.switchboard.websocket.WebSocketConnectException} whose {@link
 * dev.switchboard.websocket.WebSocketConnectException#failure() failure()} says at which stage
 * (DNS, refused, TLS, HTTP status, handshake timeout...), or a {@link
 * java.util.concurrent.CancellationException} if the connect was cancelled.
 */
@FunctionalInterface
public interface OpenCallback {

  void onOpen(Throwable error, Session socket);
}
