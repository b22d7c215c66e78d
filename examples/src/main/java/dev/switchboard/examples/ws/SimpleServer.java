package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.io.PrintStream;

/** ws "Simple server": log each message received, greet each client with "something". */
public final class SimpleServer {

  private SimpleServer() {}

  /** Starts on {@code port} (0: any free port) on loopback, logging to {@code log}. */
  public static WebSocketServer start(int port, PrintStream log) {
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .route("/", new Endpoint() {
          @Override public void onOpen(Session session) {
            session.sendText("something");
          }

          @Override public void onText(Session session, String message) {
            log.println("received: " + message);
          }
        })
        .start();
  }

  public static void main(String[] args) {
    start(8080, System.out);
  }
}
