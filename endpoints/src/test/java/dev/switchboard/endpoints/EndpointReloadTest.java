package dev.switchboard.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.HttpResponse;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-reading the directory (added, changed, removed files) and the admin JSON. */
class EndpointReloadTest {

  private static final String ECHO = TestHandlers.Echo.class.getName();
  private static final String UPPER = TestHandlers.Upper.class.getName();

  @TempDir
  Path dir;

  private EndpointDirectory endpoints;
  private WebSocketServer server;
  private final WebSocketClient client = WebSocketClient.builder().build();

  @BeforeEach
  void start() {
    endpoints = EndpointDirectory.builder(dir).build();
    endpoints.scan();
    server = WebSocketServer.builder()
        .route(endpoints.route())
        .http(endpoints.adminService(request -> CompletableFuture.completedFuture(HttpResponse.text(200, "app"))))
        .start();
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown(Duration.ofSeconds(2)).join();
  }

  private void write(String file, String endpoint, String handler, String description) throws Exception {
    // Written aside and moved in, so that a watch's scan never reads half a file.
    Path tmp = Files.writeString(dir.resolve(file + ".tmp"), TestConnection.descriptor(endpoint, handler, description));
    Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private final class Conn extends TestConnection {
    Conn(String endpoint) throws Exception {
      super(client, server, endpoint);
    }
  }

  @Test
  void addedFileIsServedAfterTheNextScan() throws Exception {
    write("chat.websocket", "chat", ECHO, "");
    assertThatThrownBy(() -> new Conn("chat")).hasCauseInstanceOf(WebSocketConnectException.class);
    endpoints.scan();
    assertThat(new Conn("chat").ask("a")).isEqualTo("echo:a");
  }

  @Test
  void changedDescriptionKeepsTheSessionsAndTheHandler() throws Exception {
    write("chat.websocket", "chat", ECHO, "old");
    endpoints.scan();
    Conn c = new Conn("chat");
    assertThat(c.ask("first")).as("a round trip: the server has the session").isEqualTo("echo:first");
    write("chat.websocket", "chat", ECHO, "new");
    List<EndpointStatus> now = endpoints.scan();
    assertThat(now.get(0).description()).isEqualTo("new");
    assertThat(now.get(0).sessions()).isEqualTo(1);
    assertThat(c.ask("still")).isEqualTo("echo:still");
    assertThat(c.closed).isNotDone();
  }

  @Test
  void changedHandlerClosesOldSessionsWith1001AndNewOnesGetTheNewHandler() throws Exception {
    write("chat.websocket", "chat", ECHO, "");
    endpoints.scan();
    Conn old = new Conn("chat");
    write("chat.websocket", "chat", UPPER, "");
    endpoints.scan();
    assertThat(old.closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1001);
    assertThat(new Conn("chat").ask("abc")).isEqualTo("ABC");
  }

  @Test
  void removedFileStopsServingAndClosesItsSessionsWith1001() throws Exception {
    write("chat.websocket", "chat", ECHO, "");
    endpoints.scan();
    Conn c = new Conn("chat");
    Files.delete(dir.resolve("chat.websocket"));
    assertThat(endpoints.scan()).isEmpty();
    CloseEvent e = c.closed.get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(1001);
    assertThat(e.reason()).contains("chat", "removed");
    assertThatThrownBy(() -> new Conn("chat")).hasCauseInstanceOf(WebSocketConnectException.class);
  }

  @Test
  void fileThatBecomesInvalidStopsServingAndFixingItServesAgain() throws Exception {
    write("chat.websocket", "chat", ECHO, "");
    endpoints.scan();
    Conn c = new Conn("chat");
    Files.writeString(dir.resolve("chat.websocket"), "{oops");
    assertThat(endpoints.scan().get(0).active()).isFalse();
    assertThat(c.closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1001);
    write("chat.websocket", "chat", ECHO, "");
    assertThat(endpoints.scan().get(0).active()).isTrue();
    assertThat(new Conn("chat").ask("back")).isEqualTo("echo:back");
  }

  @Test
  void watchRescansOnTheGivenExecutorAndReportsChanges() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    BlockingQueue<List<EndpointStatus>> changes = new LinkedBlockingQueue<>();
    EndpointDirectory watched = EndpointDirectory.builder(dir).onChange(changes::add).build();
    try (AutoCloseable watch = watched.watch(executor, Duration.ofMillis(20))) {
      write("chat.websocket", "chat", ECHO, "");
      List<EndpointStatus> seen = changes.poll(5, TimeUnit.SECONDS);
      while (seen != null && seen.isEmpty()) { // a scan before the file was written
        seen = changes.poll(5, TimeUnit.SECONDS);
      }
      assertThat(seen).extracting(EndpointStatus::endpoint).containsExactly("chat");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void scanReportsChangesOnlyWhenSomethingChanged() throws Exception {
    BlockingQueue<List<EndpointStatus>> changes = new LinkedBlockingQueue<>();
    EndpointDirectory d = EndpointDirectory.builder(dir).onChange(changes::add).build();
    write("chat.websocket", "chat", ECHO, "");
    d.scan();
    d.scan();
    assertThat(changes).hasSize(1);
    write("chat.websocket", "chat", ECHO, "described");
    d.scan();
    assertThat(changes).hasSize(2);
  }

  private static JsonNode getJson(String url, int expectStatus) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    assertThat(c.getResponseCode()).isEqualTo(expectStatus);
    try (InputStream in = c.getInputStream()) {
      return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void adminJsonListsEveryFileWithStatusErrorsAndLiveSessionCount() throws Exception {
    write("chat.websocket", "chat", ECHO, "My chat");
    Files.writeString(dir.resolve("broken.websocket"), "{\"endpoint\": \"x\"}");
    endpoints.scan();
    new Conn("chat");
    JsonNode json = getJson("http://127.0.0.1:" + server.port() + "/websockets/v4/endpoints", 200);
    assertThat(json.get("directory").asText()).isEqualTo(dir.toAbsolutePath().normalize().toString());
    JsonNode broken = json.get("endpoints").get(0);
    assertThat(broken.get("source").asText()).isEqualTo("broken.websocket");
    assertThat(broken.get("status").asText()).isEqualTo("invalid");
    assertThat(broken.get("errors").get(0).asText()).contains("missing \"handler\"");
    JsonNode chat = json.get("endpoints").get(1);
    assertThat(chat.get("endpoint").asText()).isEqualTo("chat");
    assertThat(chat.get("path").asText()).isEqualTo("/websockets/v4/service/chat");
    assertThat(chat.get("handler").asText()).isEqualTo(ECHO);
    assertThat(chat.get("description").asText()).isEqualTo("My chat");
    assertThat(chat.get("source").asText()).isEqualTo("chat.websocket");
    assertThat(chat.get("status").asText()).isEqualTo("active");
    assertThat(chat.get("errors")).isEmpty();
    assertThat(chat.get("sessions").asInt()).isEqualTo(1);
  }

  @Test
  void adminServiceRefusesOtherMethodsAndDelegatesOtherPaths() throws Exception {
    HttpURLConnection post = (HttpURLConnection) new URL(
        "http://127.0.0.1:" + server.port() + "/websockets/v4/endpoints").openConnection();
    post.setRequestMethod("DELETE");
    assertThat(post.getResponseCode()).isEqualTo(405);
    assertThat(post.getHeaderField("Allow")).isEqualTo("GET, HEAD");
    HttpURLConnection other = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + "/health").openConnection();
    assertThat(other.getResponseCode()).isEqualTo(200);
    try (InputStream in = other.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("app");
    }
    HttpURLConnection plain = (HttpURLConnection) new URL(
        "http://127.0.0.1:" + server.port() + "/websockets/v4/service/chat").openConnection();
    assertThat(plain.getResponseCode()).isEqualTo(426);
  }
}
