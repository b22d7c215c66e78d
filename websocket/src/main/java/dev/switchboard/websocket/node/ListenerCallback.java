package dev.switchboard.websocket.node;

import dev.switchboard.websocket.WebSocketServer;

/**
 * Node's {@code callbackListener(server)}: called once the server is bound and listening, on the
 * thread that called {@link NodeWebSocket#server}, before that call returns.
 */
@FunctionalInterface
public interface ListenerCallback {

  void onListening(WebSocketServer server);
}
