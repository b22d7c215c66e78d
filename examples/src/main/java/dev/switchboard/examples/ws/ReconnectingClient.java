package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Reconnection with retries, which ws leaves to the application (a 'close' handler that calls
 * {@code new WebSocket(...)} again after a delay): here it is a policy of the client. The
 * connection keeps its {@code id()} across reconnects; messages sent while it is down wait in the
 * offline queue.
 */
public final class ReconnectingClient {

  private ReconnectingClient() {}

  /** A client that retries the first connect 5 times and reconnects up to 10 times per outage. */
  public static WebSocketClient client() {
    return WebSocketClient.builder()
        .connectRetry(RetryPolicy.exponential(5))
        .reconnect(RetryPolicy.exponential(10)
            .withInitialDelay(Duration.ofMillis(100))    // then 200 ms, 400 ms... (minus up to 50 % jitter)
            .withMaxDelay(Duration.ofSeconds(5)))
        .build();
  }

  /** Opens a connection to {@code url} that prints its reconnects and the messages it receives. */
  public static Connection open(WebSocketClient client, String url, PrintStream out) {
    return client.open(ConnectRequest.to(url).build(), c -> c
        .on(ConnectionEvent.TEXT, text -> out.println("< " + text))
        .on(ConnectionEvent.CLOSE, e -> out.println("closed " + e.code()))
        .on(ConnectionEvent.RECONNECTING, r -> out.println("reconnecting (attempt " + r.attempt() + ")"))
        .on(ConnectionEvent.RECONNECTED, s -> out.println("reconnected " + c.id())));
  }

  public static void main(String[] args) {
    try (WebSocketClient client = client()) {
      Connection ws = open(client, args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", System.out);
      ws.sendText("hello");
      ws.closed().join();          // until it gives up
    }
  }
}
