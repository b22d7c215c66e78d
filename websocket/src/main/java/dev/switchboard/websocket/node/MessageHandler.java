package dev.switchboard.websocket.node;

import dev.switchboard.websocket.Session;

/**
 * Node's {@code messageHandler(message)}, given the session too so that it can answer: called for
 * each whole message, one at a time per session on its event loop. An exception thrown here
 * closes the session with 1011.
 */
@FunctionalInterface
public interface MessageHandler {

  void onMessage(Session socket, Message message);
}
