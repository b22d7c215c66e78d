package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Several messages: sent one after the other, they arrive (and come back) in order. */
public final class SeveralMessagesClient {

  private SeveralMessagesClient() {}

  /** Sends {@code count} numbered messages to an echo server and returns the replies in order. */
  public static List<String> run(String url, int count, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      List<String> replies = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> all = new CompletableFuture<>();
      Connection ws = client.open(ConnectRequest.to(url).build(), c -> c
          .on(ConnectionEvent.TEXT, text -> {
            replies.add(text);
            out.println("< " + text);
            if (replies.size() == count) {
              all.complete(null);
            }
          }));
      CompletableFuture<?>[] sent = new CompletableFuture<?>[count];
      for (int i = 1; i <= count; i++) {
        sent[i - 1] = ws.sendText("message " + i);          // each future: written to the socket
      }
      CompletableFuture.allOf(sent).join();
      all.join();
      ws.close().join();
      return replies;
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", 5, System.out);
  }
}
