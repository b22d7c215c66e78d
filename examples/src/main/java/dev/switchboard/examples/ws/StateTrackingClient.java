package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * State tracking, as {@code ws.readyState} and the open/close events: the connection's {@code
 * status()} and the session's {@code readyState()} at each step.
 */
public final class StateTrackingClient {

  private StateTrackingClient() {}

  /** Connects, closes, and returns the states seen along the way. */
  public static List<String> run(String url, PrintStream out) {
    List<String> states = new CopyOnWriteArrayList<>();
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      Connection ws = client.open(ConnectRequest.to(url).build(), c -> {
        states.add("before I/O: " + c.status());                              // CONNECTING
        c.on(ConnectionEvent.OPEN, s -> states.add("open: " + c.status() + ", " + s.readyState()));
        c.on(ConnectionEvent.CLOSE, e -> states.add("close " + e.code() + ": " + c.status()));
      });
      ws.join();                                                              // OPEN
      ws.close(1000, "bye").join();
      states.add("after close: " + ws.status());                              // CLOSED
      states.forEach(out::println);
      return states;
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", System.out);
  }
}
