package dev.switchboard.examples;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;

/** The README's server quick start: an echo route and a route that authenticates on upgrade. */
public final class ServerQuickStart {

  private ServerQuickStart() {}

  /** Starts the server on {@code port} (0 for any free port) and returns it. */
  public static WebSocketServer start(int port) {
    WebSocketServer server = WebSocketServer.builder()
        .port(port)
        .route("/echo", new Endpoint() {
          @Override public void onText(Session session, String text) { session.sendText(text); }
        })
        .route(Route.of("/private", new Endpoint() {
              @Override public void onOpen(Session s) { s.sendText("hello, " + s.attachment()); }
            })
            .withUpgradeHandler((request, upgrade) -> {
              String user = request.queryParam("user");
              if (user == null) upgrade.reject(401, "?user= is required");
              else upgrade.accept(user);         // attached to the session
            }))
        .start();                                // server.port(), server.shutdown(Duration)
    return server;
  }

  public static void main(String[] args) throws InterruptedException {
    WebSocketServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println("listening on ws://127.0.0.1:" + server.port() + "/echo and /private?user=you");
    Thread.currentThread().join();
  }
}
