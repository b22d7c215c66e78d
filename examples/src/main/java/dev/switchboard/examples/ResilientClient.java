package dev.switchboard.examples;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * docs/client.md, "A connection that lasts": echo through a {@link Connection} with retries,
 * reconnection, heartbeats, an offline queue and error handling.
 */
public final class ResilientClient {

  private ResilientClient() {}

  /** Sends {@code message} to an echo server at {@code url} and returns the reply, or the error. */
  public static String run(String url, String message, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder()
        .connectRetry(RetryPolicy.exponential(3))             // network errors, 5xx, 429
        .reconnect(RetryPolicy.exponential(10))               // after a drop
        .heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(10))
        .offlineQueue(OfflineQueue.bounded(100, 64 * 1024))  // kept while reconnecting
        .build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      Connection connection = client.open(ConnectRequest.to(url).build(), c -> c
          .on(ConnectionEvent.TEXT, reply::complete)
          .on(ConnectionEvent.RECONNECTING, r -> out.println("retry " + r.attempt() + " in " + r.delay()))
          .on(ConnectionEvent.ERROR, e -> out.println("error: " + e.getMessage())));
      connection.sendText(message);                            // queued until open
      try {
        connection.join();                                     // the first open session
      } catch (CompletionException e) {
        WebSocketConnectException failure = (WebSocketConnectException) e.getCause();
        return "failed: " + failure.failure() + (failure.status() != 0 ? " " + failure.status() : "");
      }
      String echoed = reply.join();
      connection.close(1000, "done").join();
      return echoed;
    }
  }

  public static void main(String[] args) {
    System.out.println(run(args.length > 0 ? args[0] : "ws://127.0.0.1:9001/echo", "hello", System.out));
  }
}
