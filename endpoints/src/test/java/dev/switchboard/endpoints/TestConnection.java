package dev.switchboard.endpoints;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client connected to {@code /websockets/v4/service/ENDPOINT} that queues the text it receives
 * and completes {@code closed}; every wait is bounded by 5 s. Thread-safe.
 */
class TestConnection {
  final BlockingQueue<String> got = new LinkedBlockingQueue<>();
  final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  final Session session;

  TestConnection(WebSocketClient client, WebSocketServer server, String endpoint) throws Exception {
    session = client.connect("ws://127.0.0.1:" + server.port() + "/websockets/v4/service/" + endpoint, new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        got.add(text);
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        closed.complete(e);
      }
    }).get(5, TimeUnit.SECONDS);
  }

  /** Sends {@code text} and returns the next text received, or null after 5 s. */
  String ask(String text) throws Exception {
    session.sendText(text);
    return got.poll(5, TimeUnit.SECONDS);
  }

  /** A descriptor file's JSON. */
  static String descriptor(String endpoint, String handler, String description) {
    return "{\"endpoint\": \"" + endpoint + "\", \"handler\": \"" + handler + "\", \"description\": \"" + description + "\"}";
  }
}
