package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.WebSocketServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client.md examples for the JDK implementation and the client registry run against our echo server. */
@Timeout(30)
class ClientChoiceExamplesTest {

  static WebSocketServer server;

  @BeforeAll
  static void start() {
    server = ServerQuickStart.start(0);
  }

  @AfterAll
  static void stop() {
    server.shutdown(Duration.ofSeconds(2)).join();
  }

  @Test
  void jdkImplementationEchoes() {
    assertThat(JdkImplementationExample.run("ws://127.0.0.1:" + server.port() + "/echo", "hello"))
        .isEqualTo("hello (JDK output closed: true)");
  }

  @Test
  void registryListsTheClientOfANamedHandler() {
    assertThat(ClientRegistryExample.run("ws://127.0.0.1:" + server.port() + "/echo"))
        .isEqualTo("hello from /echo | 1 client(s), handler chat-handler, OPEN, 1 for chat-handler, 0 after close");
  }
}
