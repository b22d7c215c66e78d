package dev.switchboard.examples.ws;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.HeartbeatTimeoutException;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.time.Duration;

/**
 * ws "How to detect and close broken connections", client side (ws arms a timer on 'open' and on
 * each 'ping' and terminates when it fires): here a ping after {@code interval} of silence, and a
 * {@link HeartbeatTimeoutException} when nothing arrives within {@code timeout} after it.
 */
public final class HeartbeatClient {

  private HeartbeatClient() {}

  /** Connects and waits until the connection ends; returns its final close event. */
  public static CloseEvent run(String url, Duration interval, Duration timeout, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder()
        .heartbeat(interval, timeout)
        .build()) {
      return client.open(ConnectRequest.to(url).build(), c -> c
              .on(ConnectionEvent.PONG, p -> out.println("pong"))
              .on(ConnectionEvent.ERROR, e -> out.println((e instanceof HeartbeatTimeoutException
                  ? "heartbeat timeout: " : "error: ") + e.getMessage()))
              .on(ConnectionEvent.CLOSE, e -> out.println("closed " + e.code())))
          .closed()
          .join();
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", Duration.ofSeconds(30), Duration.ofSeconds(1), System.out);
  }
}
