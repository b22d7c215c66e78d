package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's quick starts run as written, and the README shows exactly their code. */
class QuickStartTest {

  static WebSocketServer server;

  @BeforeAll
  static void start() {
    server = ServerQuickStart.start(0);
  }

  @AfterAll
  static void stop() {
    server.shutdown(Duration.ofSeconds(2)).join();
  }

  private String runClient(String path) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ClientQuickStart.run("ws://127.0.0.1:" + server.port() + path, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void clientQuickStartGetsItsEchoAndClosesCleanly() {
    String out = runClient("/echo");
    assertThat(out).startsWith("< hello" + System.lineSeparator());
    assertThat(out).contains("CloseEvent[1000", "clean", "local");
  }

  @Test
  void privateRouteGreetsTheUserItAttachedOnUpgrade() {
    assertThat(runClient("/private?user=ada")).startsWith("< hello, ada");
  }

  @Test
  void privateRouteRefusesRequestsWithoutUserWith401() {
    try {
      runClient("/private");
      throw new AssertionError("connect should have failed");
    } catch (CompletionException e) {
      WebSocketConnectException cause = (WebSocketConnectException) e.getCause();
      assertThat(cause.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
      assertThat(cause.status()).isEqualTo(401);
      assertThat(cause.responseBody()).contains("?user= is required");
    }
  }

  @Test
  void readmeQuickStartsAreVerbatimCopiesOfTheTestedExamples() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSize(2);
    Path dir = Path.of("src", "main", "java", "dev", "switchboard", "examples");
    assertThat(normalize(Files.readString(dir.resolve("ServerQuickStart.java")))).contains(normalize(blocks.get(0)));
    assertThat(normalize(Files.readString(dir.resolve("ClientQuickStart.java")))).contains(normalize(blocks.get(1)));
  }

  /** Each line trimmed, blank lines dropped: indentation differs between README and source. */
  private static String normalize(String code) {
    StringBuilder sb = new StringBuilder();
    for (String line : code.split("\\R")) {
      if (!line.isBlank()) {
        sb.append(line.strip()).append('\n');
      }
    }
    return sb.toString();
  }
}
