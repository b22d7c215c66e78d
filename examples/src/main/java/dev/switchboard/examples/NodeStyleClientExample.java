package dev.switchboard.examples;

import dev.switchboard.websocket.node.ClientOptions;
import dev.switchboard.websocket.node.NodeWebSocket;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** docs/client.md "node:websocket-style client options": callbacks instead of futures. */
public final class NodeStyleClientExample {

  private NodeStyleClientExample() {}

  /**
   * Connects to {@code url} (e.g. {@link NodeStyleServerExample}), sends "hello" once open, and
   * completes the result with the first reply, or with the connect error's message.
   */
  public static CompletableFuture<String> run(String url, PrintStream log) {
    CompletableFuture<String> result = new CompletableFuture<>();
    NodeWebSocket.connect(ClientOptions.builder(url)
        .header("Authorization", "let-me-in")                  // any header: auth, Proxy-Authorization
        // .subprotocols("chat.v2", "chat.v1")                 // subProtocol: the server must pick one
        .handshakeTimeout(Duration.ofSeconds(5))               // TCP connect, then the 101 (default 5 s)
        // .ca(Path.of("ca.pem"))                              // wss:// trusting a CA PEM (socketOptions.ca)
        .onOpen((error, socket) -> {                           // callbackOpen(err, socket)
          if (error == null) {
            log.println("open " + NodeWebSocket.address(socket));
            socket.sendText("hello");
          } else {                                             // a WebSocketConnectException, socket null
            log.println("connect failed: " + error.getMessage());
            result.complete(error.getMessage());
          }
        })
        .messageHandler((socket, message) -> {                 // messageHandler(message)
          log.println(message.type() + " " + message.bytes().length + " bytes: " + message);
          result.complete(message.toString());
          socket.close(1000, "thanks");
        })
        .onClose((socket, event) -> log.println("closed " + event))   // once, with any error
        .build());
    return result;
  }

  public static void main(String[] args) {
    System.out.println(run(args.length > 0 ? args[0] : "ws://127.0.0.1:9001/", System.out).join());
  }
}
