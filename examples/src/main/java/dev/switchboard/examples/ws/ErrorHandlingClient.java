package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;

/**
 * Error handling, where ws emits 'error' (or 'unexpected-response'): every failed connect is a
 * {@link WebSocketConnectException} whose {@code failure()} names the kind (DNS_FAILURE,
 * CONNECTION_REFUSED, TLS_FAILURE, HTTP_STATUS with {@code status()}, ...) and whether a retry
 * may help. Sends report their outcome in a future, as ws's send callback does.
 */
public final class ErrorHandlingClient {

  private ErrorHandlingClient() {}

  /** Connects to {@code url}; returns the kind of failure, or null if it opened. */
  public static ConnectFailure run(String url, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      client.open(url)
          .thenCompose(session -> session.sendText("something")      // ws.send(data, ack)
              .thenCompose(sent -> session.close()))
          .toCompletableFuture().join();
      out.println("sent");
      return null;
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof WebSocketConnectException error)) {
        out.println("send failed: " + e.getCause());                 // a write error
        return null;
      }
      out.println(error.failure()
          + (error.failure() == ConnectFailure.HTTP_STATUS ? " " + error.status() : "")
          + (error.isRetryable() ? " (retryable)" : " (not retryable)")
          + ": " + error.getMessage());
      return error.failure();
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "wss://nowhere.invalid/", System.out);
  }
}
