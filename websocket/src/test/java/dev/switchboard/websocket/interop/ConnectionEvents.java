package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records every event of a {@link Connection} as a line ("open", "text:hi", "close:1006",
 * "error:WebSocketConnectException", "reconnecting:1:PT1S", "reconnected") for a test to take in
 * order, each wait bounded. Thread-safe.
 */
final class ConnectionEvents {

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private Connection connection;

  /** Opens a connection with every event recorded from the start. */
  static ConnectionEvents open(WebSocketClient client, String url) {
    ConnectionEvents[] e = new ConnectionEvents[1];
    Connection c = client.open(ConnectRequest.to(url).build(), conn -> e[0] = of(conn));
    e[0].connection = c;
    return e[0];
  }

  Connection connection() {
    return connection;
  }

  /** Listens to every event of {@code c}. */
  static ConnectionEvents of(Connection c) {
    ConnectionEvents e = new ConnectionEvents();
    c.on(ConnectionEvent.OPEN, s -> e.events.add("open"))
        .on(ConnectionEvent.TEXT, t -> e.events.add("text:" + t))
        .on(ConnectionEvent.BINARY, b -> e.events.add("binary:" + StandardCharsets.UTF_8.decode(b.duplicate())))
        .on(ConnectionEvent.PONG, p -> e.events.add("pong"))
        .on(ConnectionEvent.ERROR, t -> e.events.add("error:" + t.getClass().getSimpleName()))
        .on(ConnectionEvent.CLOSE, c2 -> e.events.add("close:" + c2.code()))
        .on(ConnectionEvent.RECONNECTING, r -> e.events.add("reconnecting:" + r.attempt() + ":" + r.delay()))
        .on(ConnectionEvent.RECONNECTED, s -> e.events.add("reconnected"));
    return e;
  }

  /** The next event, waiting up to 10 s. */
  String next() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no event within 10 s");
    }
    return e;
  }

  /** Skips events until {@code expected} (a prefix) arrives; returns it. */
  String until(String expected) throws InterruptedException {
    while (true) {
      String e = next();
      if (e.startsWith(expected)) {
        return e;
      }
    }
  }

  /** The events already recorded, taken. */
  java.util.List<String> drain() {
    java.util.List<String> list = new java.util.ArrayList<>();
    events.drainTo(list);
    return list;
  }
}
