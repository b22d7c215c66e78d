package dev.switchboard.examples.ws;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ws "Server broadcast": {@code /all} sends each message to every client, the sender included;
 * {@code /others} to every client but the sender. (For many clients or slow ones, topics encode a
 * message once and bound what each client may buffer: see docs/server.md.)
 */
public final class BroadcastServer {

  private BroadcastServer() {}

  /** Starts on {@code port} (0: any) on loopback. */
  public static WebSocketServer start(int port) {
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .route("/all", new Broadcast(true))
        .route("/others", new Broadcast(false))
        .start();
  }

  /** One route's clients (wss.clients); sessions are thread-safe, so any loop may send to them. */
  private static final class Broadcast implements Endpoint {
    private final Set<Session> clients = ConcurrentHashMap.newKeySet();
    private final boolean includeSender;

    Broadcast(boolean includeSender) {
      this.includeSender = includeSender;
    }

    @Override public void onOpen(Session ws) {
      clients.add(ws);
    }

    @Override public void onClose(Session ws, CloseEvent event) {
      clients.remove(ws);
    }

    @Override public void onText(Session ws, String data) {
      for (Session client : clients) {
        if ((includeSender || client != ws) && client.readyState() == ReadyState.OPEN) {
          client.sendText(data);
        }
      }
    }
  }

  public static void main(String[] args) {
    start(8080);
  }
}
