package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node:websocket-style client and unmasked-frames examples of docs/client.md and docs/server.md, run. */
class NodeClientExamplesTest {

  @Test
  void nodeStyleClientTalksToTheNodeStyleServer() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    WebSocketServer server = NodeStyleServerExample.start(0, new PrintStream(new ByteArrayOutputStream()));
    try {
      String reply = NodeStyleClientExample.run("ws://127.0.0.1:" + server.port() + "/", out).get(5, TimeUnit.SECONDS);
      assertThat(reply).isEqualTo("echo hello");
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("open AddressInfo[", "TEXT 10 bytes: echo hello");
  }

  @Test
  void nodeStyleClientReportsAFailedConnectToOnOpen() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    String reply = NodeStyleClientExample.run("ws://127.0.0.1:" + port + "/", new PrintStream(log, true, StandardCharsets.UTF_8))
        .get(5, TimeUnit.SECONDS);
    assertThat(reply).startsWith("CONNECTION_REFUSED");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("connect failed: CONNECTION_REFUSED");
  }

  @Test
  void unmaskedFramesExampleEchoes() throws Exception {
    assertThat(UnmaskedFramesExample.echo("hello, unmasked")).isEqualTo("hello, unmasked");
  }
}
