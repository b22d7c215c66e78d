package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ws "How to detect and close broken connections", server side: every {@code interval}, a client
 * that has not answered the previous ping is terminated, and the others are pinged. (The built-in
 * way is {@code Limits.DEFAULT.withPingInterval(...).withPingTimeout(...)} on the server builder.)
 * Thread-safe.
 */
public final class HeartbeatServer implements AutoCloseable {

  private final Map<Session, Boolean> isAlive = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final WebSocketServer server;

  private HeartbeatServer(int port, Duration interval, PrintStream log) {
    server = WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .route("/", new Endpoint() {
          @Override public void onOpen(Session ws) {
            isAlive.put(ws, true);
          }

          @Override public void onPong(Session ws, ByteBuffer payload) {
            isAlive.replace(ws, true);                       // heartbeat()
          }

          @Override public void onClose(Session ws, dev.switchboard.websocket.CloseEvent event) {
            isAlive.remove(ws);
          }
        })
        .start();
    timer.scheduleAtFixedRate(() -> isAlive.forEach((ws, alive) -> {
      if (!alive) {
        log.println("terminating " + ws.remoteAddress());
        ws.abort();                                          // ws.terminate(): no closing handshake
        return;
      }
      isAlive.replace(ws, false);
      ws.ping(ByteBuffer.allocate(0));
    }), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts on {@code port} (0: any) on loopback, checking clients every {@code interval}. */
  public static HeartbeatServer start(int port, Duration interval, PrintStream log) {
    return new HeartbeatServer(port, interval, log);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.shutdown(Duration.ofSeconds(2)).join();
  }

  public static void main(String[] args) {
    start(8080, Duration.ofSeconds(30), System.out);
  }
}
