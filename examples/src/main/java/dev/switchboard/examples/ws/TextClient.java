package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/** ws "Sending and receiving text data" (the echo): send "something" once open, print the reply. */
public final class TextClient {

  private TextClient() {}

  /** Returns the first message the server at {@code url} sends back. */
  public static String run(String url, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      Connection ws = client.open(url);
      ws.thenAccept(session -> session.sendText("something"));     // ws.on('open', ...)
      ws.on(ConnectionEvent.TEXT, data -> {                         // ws.on('message', ...)
        out.println(data);
        reply.complete(data);
      });
      String data = reply.join();
      ws.close().join();
      return data;
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", System.out);
  }
}
