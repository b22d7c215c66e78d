package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/server.md's topics example runs as written. */
class TopicsExampleTest {

  @Test
  void subscribersOfASymbolGetItsPricesAndShutdownClosesThemWithTheChosenCode() throws Exception {
    WebSocketServer server = TopicsExample.start(0);
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      BlockingQueue<String> acme = new LinkedBlockingQueue<>();
      CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
      client.connect("ws://127.0.0.1:" + server.port() + "/prices/ACME", new Endpoint() {
        @Override
        public void onText(Session s, String text) {
          acme.add(text);
        }

        @Override
        public void onClose(Session s, CloseEvent e) {
          closed.complete(e);
        }
      }).get(5, TimeUnit.SECONDS);
      client.connect("ws://127.0.0.1:" + server.port() + "/prices/INIT", new Endpoint() {}).get(5, TimeUnit.SECONDS);

      assertThat(TopicsExample.publish(server, "ACME", "101")).isEqualTo(1);
      assertThat(acme.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"ACME\":101}");

      server.shutdown(Duration.ofSeconds(5), 1012, "restarting").get(10, TimeUnit.SECONDS);
      assertThat(closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1012);
    }
  }
}
