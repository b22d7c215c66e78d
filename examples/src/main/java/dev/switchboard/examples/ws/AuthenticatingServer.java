package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.util.Map;

/**
 * ws "Client authentication": decide in the upgrade, before the handshake completes, and refuse
 * with 401 (ws writes the status to the socket and destroys it). The user the token names is
 * attached to the session, as ws passes {@code client} to the 'connection' event.
 */
public final class AuthenticatingServer {

  /** The tokens this example knows; a real server asks its identity provider. */
  private static final Map<String, String> USERS = Map.of("Bearer secret-token", "ada");

  private AuthenticatingServer() {}

  /** Starts on {@code port} (0: any) on loopback: {@code /} greets the authenticated user. */
  public static WebSocketServer start(int port) {
    Endpoint greeter = new Endpoint() {
      @Override public void onOpen(Session session) {
        session.sendText("hello " + session.attachment());
      }

      @Override public void onText(Session session, String message) {
        session.sendText(session.attachment() + " said " + message);
      }
    };
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .route(Route.of("/", greeter).withUpgradeHandler((request, upgrade) -> {
          String user = USERS.get(String.valueOf(request.header("Authorization")));
          if (user == null) {
            upgrade.reject(401, "Unauthorized: send Authorization: Bearer <token>");
          } else {
            upgrade.accept(user);                                   // session.attachment()
          }
        }))
        .start();
  }

  public static void main(String[] args) {
    start(8080);
  }
}
