package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Custom headers for authentication, as ws's {@code headers} option: on the opening request. */
public final class AuthHeadersClient {

  private AuthHeadersClient() {}

  /** Connects with {@code token} (null: none) and returns the greeting, or the refusal. */
  public static String run(String url, String token, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      ConnectRequest.Builder request = ConnectRequest.to(url);
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      CompletableFuture<String> greeting = new CompletableFuture<>();
      Connection ws = client.open(request.build(), c -> c.on(ConnectionEvent.TEXT, greeting::complete));
      try {
        ws.join();
      } catch (CompletionException e) {
        WebSocketConnectException error = (WebSocketConnectException) e.getCause();
        String refusal = error.failure() + " " + error.status() + ": " + error.responseBody().strip();
        out.println(refusal);
        return refusal;
      }
      out.println(greeting.join());
      ws.close().join();
      return greeting.join();
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", "secret-token", System.out);
  }
}
