package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/server.md run as written. */
class ServerExamplesTest {

  private static Session connect(WebSocketClient client, ConnectRequest request, BlockingQueue<String> got)
      throws Exception {
    return client.connect(request, new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        got.add(text);
      }
    }).get(5, TimeUnit.SECONDS);
  }

  @Test
  void endpointDescriptorsExampleServesChatAndListsIt(@TempDir Path dir) throws Exception {
    WebSocketServer server = EndpointDescriptorsExample.start(dir, 0);
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      String url = "ws://127.0.0.1:" + server.port() + "/websockets/v4/service/chat";
      BlockingQueue<String> a = new LinkedBlockingQueue<>();
      BlockingQueue<String> b = new LinkedBlockingQueue<>();
      Session sa = connect(client, ConnectRequest.to(url).build(), a);
      connect(client, ConnectRequest.to(url).build(), b);
      sa.sendText("hi all");
      assertThat(a.poll(5, TimeUnit.SECONDS)).isEqualTo("hi all");
      assertThat(b.poll(5, TimeUnit.SECONDS)).isEqualTo("hi all");
      try (InputStream in = new URL("http://127.0.0.1:" + server.port() + "/websockets/v4/endpoints").openStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .contains("\"endpoint\":\"chat\"", "\"sessions\":2", "\"status\":\"active\"");
      }
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  @Test
  void nodeStyleExampleAuthenticatesBeforeMessaging() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    WebSocketServer server = NodeStyleServerExample.start(0, new PrintStream(log, true, StandardCharsets.UTF_8));
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      String url = "ws://127.0.0.1:" + server.port() + "/";
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      Session s = connect(client, ConnectRequest.to(url).header("Authorization", "let-me-in").build(), got);
      s.sendText("x");
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("echo x");
      assertThatThrownBy(() -> connect(client, ConnectRequest.to(url).build(), got))
          .hasCauseInstanceOf(WebSocketConnectException.class);
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("listening on " + server.port(), "open AddressInfo[localAddress=127.0.0.1", "UpgradeRejectedException");
  }
}
