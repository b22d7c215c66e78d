package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketHandler;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard serve --endpoints DIR}, run in-process on an ephemeral port. */
class ServeCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile("switchboard serve listening on ws://127\\.0\\.0\\.1:(\\d+) \\((\\d+) endpoints from .*\\)");

  /** A handler class a descriptor names. */
  public static final class Shout implements WebSocketHandler {
    @Override
    public void onMessage(HandlerEvent event) {
      event.session().sendText(event.message() + "!");
    }
  }

  @Test
  void servesDescriptorsListsThemAndReportsBadOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("shout.websocket"),
        "{\"endpoint\": \"shout\", \"handler\": \"" + Shout.class.getName() + "\", \"description\": \"Loud\"}");
    Files.writeString(dir.resolve("echo.websocket"), "{\"endpoint\": \"echo\", \"handler\": \"echo\"}");
    Files.writeString(dir.resolve("bad.websocket"), "{\"endpoint\": \"bad\"");
    Cli serve = Cli.start(InputStream.nullInputStream(), "serve", "--port", "0", "--endpoints", dir.toString(),
        "--poll-interval", "1m");
    try {
      String line = serve.out.await(l -> true, Duration.ofSeconds(10));
      Matcher m = LISTENING.matcher(line);
      assertThat(m.matches()).as("first line: %s", line).isTrue();
      assertThat(m.group(2)).isEqualTo("2");
      int port = Integer.parseInt(m.group(1));
      assertThat(serve.err.await(l -> l.contains("bad.websocket"), Duration.ofSeconds(5))).contains("not valid JSON");
      try (WebSocketClient client = WebSocketClient.builder().build()) {
        Recorder r = new Recorder();
        Session s = client.connect("ws://127.0.0.1:" + port + "/websockets/v4/service/shout", r).get(10, TimeUnit.SECONDS);
        s.sendText("hey");
        assertThat(r.next()).isEqualTo("hey!");
        Recorder e = new Recorder();
        Session s2 = client.connect("ws://127.0.0.1:" + port + "/websockets/v4/service/echo", e).get(10, TimeUnit.SECONDS);
        s2.sendText("same");
        assertThat(e.next()).isEqualTo("same");
        String admin;
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/websockets/v4/endpoints")
            .openConnection();
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream()) {
          admin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(admin).contains("\"endpoint\":\"shout\"", "\"description\":\"Loud\"", "\"status\":\"invalid\"");
      }
    } finally {
      serve.stop.complete(null);
    }
    assertThat(serve.exitStatus()).isZero();
  }

  @Test
  void missingDirectoryIsAUsageError(@TempDir Path dir) throws Exception {
    Cli serve = Cli.run("serve", "--port", "0", "--endpoints", dir.resolve("nope").toString());
    assertThat(serve.exitStatus()).isEqualTo(Main.EXIT_USAGE);
    assertThat(serve.err.await(l -> l.contains("is not a directory"), Duration.ofSeconds(5))).isNotNull();
  }
}
