package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client.md example runs: an echo through a Connection, and a refusal that is not retried. */
@Timeout(30)
class ResilientClientTest {

  @Test
  void echoesThroughTheConnectionAndReportsA404WithoutRetrying() {
    WebSocketServer server = ServerQuickStart.start(0);
    try {
      PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      assertThat(ResilientClient.run("ws://127.0.0.1:" + server.port() + "/echo", "hello", out)).isEqualTo("hello");
      assertThat(ResilientClient.run("ws://127.0.0.1:" + server.port() + "/nowhere", "hello", out))
          .isEqualTo("failed: HTTP_STATUS 404");
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }
}
