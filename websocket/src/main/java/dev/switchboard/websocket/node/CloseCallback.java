package dev.switchboard.websocket.node;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Session;

/**
 * The end of a client socket opened by {@link NodeWebSocket#connect}: called exactly once for a
 * socket that was open, on its event loop, with the close code and reason and, if it failed, the
 * error ({@link CloseEvent#error()}: a protocol violation, a timeout, an I/O error, an exception
 * from a callback). The proposal has no close or error callback; this is the one terminal event
 * of the library's {@link dev.switchboard.websocket.Endpoint#onClose}.
 */
@FunctionalInterface
public interface CloseCallback {

  void onClose(Session socket, CloseEvent event);
}
