package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.HttpResponse;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.util.concurrent.CompletableFuture;

/**
 * ws "External HTTP/S server" and "Multiple servers sharing a single HTTP/S server": one port
 * answers plain HTTP requests and upgrades to WebSocket by path ({@code /foo}, {@code /bar}).
 * Add {@code .tls(ServerTls...)} for HTTPS and wss.
 */
public final class ExternalHttpServer {

  private ExternalHttpServer() {}

  /** Starts on {@code port} (0: any) on loopback. */
  public static WebSocketServer start(int port) {
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .http(request -> CompletableFuture.completedFuture(            // every non-upgrade request
            HttpResponse.text(200, "plain HTTP on " + request.path())))
        .route("/foo", new Endpoint() {
          @Override public void onOpen(Session ws) { ws.sendText("this is foo"); }
        })
        .route("/bar", new Endpoint() {
          @Override public void onOpen(Session ws) { ws.sendText("this is bar"); }
        })
        .start();
  }

  public static void main(String[] args) {
    start(8080);
  }
}
