package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * ws's {@code handshakeTimeout} option: give up on a server that accepts the TCP connection and
 * never answers the opening handshake. {@code connectTimeout} bounds TCP itself.
 */
public final class ConnectTimeoutClient {

  private ConnectTimeoutClient() {}

  /** Connects with a {@code timeout} for the handshake; returns the kind of failure, or null if it opened. */
  public static ConnectFailure run(String url, Duration timeout, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder()
        .connectTimeout(Duration.ofSeconds(5))                       // TCP: CONNECT_TIMEOUT
        .limits(Limits.DEFAULT.withHandshakeTimeout(timeout))        // the 101: HANDSHAKE_TIMEOUT
        .build()) {
      try {
        client.open(url).join().close().join();
        out.println("connected");
        return null;
      } catch (CompletionException e) {
        WebSocketConnectException error = (WebSocketConnectException) e.getCause();
        out.println(error.failure() + ": " + error.getMessage());
        return error.failure();
      }
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", Duration.ofSeconds(5), System.out);
  }
}
