package dev.switchboard.examples;

import dev.switchboard.websocket.WebSocketServer;
import dev.switchboard.websocket.node.ListenerOptions;
import dev.switchboard.websocket.node.NodeWebSocket;
import dev.switchboard.websocket.node.ServerOptions;
import java.io.PrintStream;
import java.time.Duration;

/** docs/server.md "node:websocket-style server options": authenticate before messaging. */
public final class NodeStyleServerExample {

  private NodeStyleServerExample() {}

  /** Starts the server on {@code port} (0: any), logging to {@code log}. */
  public static WebSocketServer start(int port, PrintStream log) {
    return NodeWebSocket.server(ServerOptions.builder()
        .onConnect((headerValues, socket, ready) -> {          // callbackConnect
          if ("let-me-in".equals(headerValues.header("Authorization"))) {
            ready.run();                                       // completes the handshake
          } else {
            socket.reject(401, "Authorization required");      // or never call ready: fails at the deadline
          }
        })
        .onListening(server -> log.println("listening on " + server.port()))   // callbackListener
        .onOpen((error, socket) -> log.println(error == null                  // callbackOpen
            ? "open " + NodeWebSocket.address(socket)                          // the address helper
            : "handshake failed: " + error))
        .messageHandler((socket, message) -> socket.sendText("echo " + message))  // messageHandler
        .listenerOptions(ListenerOptions.of("127.0.0.1", port).withBacklog(128))  // host, port, backlog
        .handshakeTimeout(Duration.ofSeconds(5))               // the 5-second deadline (default)
        // .secure(SecureOptions.of(Path.of("cert.pem"), Path.of("key.pem")).withCa(Path.of("ca.pem")))
        .build());
  }

  public static void main(String[] args) {
    start(9001, System.out);
  }
}
