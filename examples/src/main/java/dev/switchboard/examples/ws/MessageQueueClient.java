package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.SendRejectedException;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A message queue: what ws applications keep by hand (an array flushed on 'open') is the
 * connection's bounded offline queue. Messages sent before the connection opens go out in order
 * once it does; one over the bound is refused with a {@link SendRejectedException}, never dropped.
 */
public final class MessageQueueClient {

  private MessageQueueClient() {}

  /** Sends {@code messages} before the connection opens, with room for {@code room} of them. */
  public static List<String> run(String url, List<String> messages, int room, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder()
        .offlineQueue(OfflineQueue.bounded(room, 64 * 1024))   // messages, bytes
        .build()) {
      List<String> replies = new CopyOnWriteArrayList<>();
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      Connection ws = client.open(ConnectRequest.to(url).build(), c -> {
        c.on(ConnectionEvent.TEXT, replies::add);
        for (String m : messages) {
          sends.add(c.sendText(m));                            // queued: nothing is connected yet
        }
      });
      int accepted = 0;
      for (int i = 0; i < sends.size(); i++) {
        try {
          sends.get(i).join();                                 // written once the session opened
          out.println("sent " + messages.get(i));
          accepted++;
        } catch (CompletionException e) {
          out.println("refused " + messages.get(i) + ": " + e.getCause().getMessage());
        }
      }
      ws.close().join();       // the echoes arrive before the server's close frame (RFC 6455 §7.1)
      out.println(accepted + " sent, " + replies.size() + " echoed");
      return replies;
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", List.of("a", "b", "c", "d"), 3, System.out);
  }
}
