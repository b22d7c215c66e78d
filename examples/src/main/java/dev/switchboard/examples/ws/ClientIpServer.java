package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;

/**
 * ws FAQ "How to get the IP address of the client?": the socket's remote address, or behind a
 * proxy the first address of {@code X-Forwarded-For} (trust it only from your own proxy).
 */
public final class ClientIpServer {

  private ClientIpServer() {}

  /** Starts on {@code port} (0: any) on loopback; tells each client the address it sees. */
  public static WebSocketServer start(int port) {
    Endpoint tellIp = new Endpoint() {
      @Override public void onOpen(Session ws) {
        ws.sendText("your address: " + ws.attachment());
      }
    };
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .route(Route.of("/", tellIp).withUpgradeHandler((request, upgrade) -> {
          String forwarded = request.header("X-Forwarded-For");
          String ip = forwarded != null
              ? forwarded.split(",")[0].strip()                        // the original client
              : request.remoteAddress().getAddress().getHostAddress(); // the socket's peer
          upgrade.accept(ip);
        }))
        .start();
  }

  public static void main(String[] args) {
    start(8080);
  }
}
