package dev.switchboard.examples;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.ServerLimits;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.SlowConsumerPolicy;
import dev.switchboard.websocket.WebSocketServer;
import java.time.Duration;

/**
 * docs/server.md "Topics and fan-out", "Slow consumers", "Connection limits" and "Graceful
 * shutdown": a ticker that publishes to the topic named by the path, with limits.
 */
public final class TopicsExample {

  private TopicsExample() {}

  /** Starts the server on {@code port} (0: any): clients of /prices/{symbol} join that topic. */
  public static WebSocketServer start(int port) {
    return WebSocketServer.builder()
        .port(port)
        .ioThreads(2)
        .reusePort(true)                                         // one listening socket per loop (epoll)
        .compression(DeflateConfig.DEFAULT.withNoContextTakeover(true))  // compress once per message
        .limits(Limits.DEFAULT
            .withMaxBufferedBytes(1 << 20)                       // 1 MiB queued per session at most
            .withIdleTimeout(Duration.ofMinutes(2))              // quiet for 2 min: 1001
            .withPingInterval(Duration.ofSeconds(30)))           // ...so live clients are pinged
        .limits(ServerLimits.DEFAULT
            .withMaxConnections(50_000)                          // then 503 + Retry-After
            .withMaxConnectionsPerIp(100)                        // then 503 + Retry-After
            .withHandshakesPerSecondPerIp(10)                    // then 429 + Retry-After
            .withSlowConsumerPolicy(SlowConsumerPolicy.DROP))    // over 1 MiB: skip and count
        .route("/prices/*", new Endpoint() {
          @Override
          public void onOpen(Session s) {
            s.subscribe(s.url().getPath().substring("/prices/".length()));
          }
        })
        .start();
  }

  /** Publishes {@code price} to every client of /prices/{symbol}; completes with how many got it. */
  public static int publish(WebSocketServer server, String symbol, String price) {
    return server.publish(symbol, "{\"" + symbol + "\":" + price + "}").join();
  }

  public static void main(String[] args) {
    WebSocketServer server = start(9001);
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        server.shutdown(Duration.ofSeconds(10), 1012, "restarting").join())); // 1012: service restart
    for (int i = 0; ; i++) {
      publish(server, "ACME", Integer.toString(100 + i % 7));
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
