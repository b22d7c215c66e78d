package dev.switchboard.endpoints;

import static dev.switchboard.endpoints.TestConnection.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketHandler;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors read from a temporary directory, validated, served and re-read. */
class EndpointDirectoryTest {

  private static final String ECHO = TestHandlers.Echo.class.getName();
  private static final String UPPER = TestHandlers.Upper.class.getName();

  @TempDir
  Path dir;

  private WebSocketServer server;
  private final WebSocketClient client = WebSocketClient.builder().build();

  @BeforeEach
  void clear() {
    TestHandlers.EVENTS.clear();
  }

  @AfterEach
  void stop() {
    client.close();
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  private void write(String file, String json) throws Exception {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, json);
  }

  private EndpointDirectory serve(EndpointDirectory.Builder b) {
    EndpointDirectory endpoints = b.build();
    endpoints.scan();
    server = WebSocketServer.builder().route(endpoints.route()).http(endpoints.adminService(null)).start();
    return endpoints;
  }

  private EndpointStatus status(EndpointDirectory d, String source) {
    return d.endpoints().stream().filter(s -> s.source().toString().equals(source)).findFirst().orElseThrow();
  }

  private final class Conn extends TestConnection {
    Conn(String endpoint) throws Exception {
      super(client, server, endpoint);
    }
  }

  @Test
  void validDescriptorIsServedUnderWebsocketsV4Service() throws Exception {
    write("chat.websocket", descriptor("chat", ECHO, "My chat"));
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(new Conn("chat").ask("hi")).isEqualTo("echo:hi");
    EndpointStatus s = status(endpoints, "chat.websocket");
    assertThat(s).extracting(EndpointStatus::endpoint, EndpointStatus::path, EndpointStatus::handler,
            EndpointStatus::description, EndpointStatus::active, EndpointStatus::errors)
        .containsExactly("chat", "/websockets/v4/service/chat", ECHO, "My chat", true, List.of());
  }

  @Test
  void handlerGetsOpenMessageErrorAndCloseWithTheirContext() throws Exception {
    write("rec.websocket", descriptor("rec", TestHandlers.Recording.class.getName(), ""));
    serve(EndpointDirectory.builder(dir));
    Conn c = new Conn("rec");
    c.session.sendText("hello");
    c.session.sendBinary("bytes".getBytes(StandardCharsets.UTF_8));
    c.session.sendText("fail"); // the handler throws: closed with 1011, reported to onError
    assertThat(c.closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1011);
    BlockingQueue<String> ev = TestHandlers.EVENTS;
    assertThat(ev.poll(5, TimeUnit.SECONDS)).isEqualTo("open:/websockets/v4/service/rec");
    assertThat(ev.poll(5, TimeUnit.SECONDS)).isEqualTo("message:TEXT:hello");
    assertThat(ev.poll(5, TimeUnit.SECONDS)).isEqualTo("message:BINARY:bytes");
    assertThat(ev.poll(5, TimeUnit.SECONDS)).isEqualTo("error:asked to fail");
    assertThat(ev.poll(5, TimeUnit.SECONDS)).isEqualTo("close:1011");
  }

  @Test
  void handlerRegisteredByNameInCodeIsUsedBeforeClasses() throws Exception {
    write("a.websocket", descriptor("greet", "greeter", ""));
    serve(EndpointDirectory.builder(dir).handler("greeter", new WebSocketHandler() {
      @Override
      public void onOpen(HandlerEvent event) {
        event.session().sendText("welcome");
      }
    }));
    assertThat(new Conn("greet").got.poll(5, TimeUnit.SECONDS)).isEqualTo("welcome");
  }

  @Test
  void badJsonIsReportedWithItsPositionAndTheOthersAreStillServed() throws Exception {
    write("bad.websocket", "{\"endpoint\": \"x\",\n \"handler\": }");
    write("good.websocket", descriptor("good", ECHO, ""));
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    EndpointStatus bad = status(endpoints, "bad.websocket");
    assertThat(bad.active()).isFalse();
    assertThat(bad.errors()).singleElement().asString().startsWith("not valid JSON at line 2, column");
    assertThat(new Conn("good").ask("still")).isEqualTo("echo:still");
  }

  @Test
  void notAnObjectAndEmptyFilesAreReported() throws Exception {
    write("array.websocket", "[1, 2]");
    write("empty.websocket", "");
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(status(endpoints, "array.websocket").errors()).singleElement().asString()
        .contains("must be a JSON object", "not ARRAY");
    assertThat(status(endpoints, "empty.websocket").errors()).singleElement().asString().contains("not empty");
  }

  @Test
  void missingAndMistypedFieldsAreReported() throws Exception {
    write("none.websocket", "{\"description\": \"nothing else\"}");
    write("typed.websocket", "{\"endpoint\": 42, \"handler\": \"" + ECHO + "\", \"description\": []}");
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(status(endpoints, "none.websocket").errors())
        .containsExactly("missing \"endpoint\": a descriptor needs \"endpoint\" and \"handler\"",
            "missing \"handler\": a descriptor needs \"endpoint\" and \"handler\"");
    assertThat(status(endpoints, "typed.websocket").errors())
        .containsExactly("\"endpoint\" must be a string, was number", "\"description\" must be a string, was array");
  }

  @Test
  void endpointNamesMustBeUrlSafe() throws Exception {
    write("space.websocket", descriptor("a b", ECHO, ""));
    write("slash.websocket", descriptor("a/b", ECHO, ""));
    write("dots.websocket", descriptor("..", ECHO, ""));
    write("ok.websocket", descriptor("A-z_0.9~", ECHO, ""));
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    for (String f : List.of("space.websocket", "slash.websocket", "dots.websocket")) {
      assertThat(status(endpoints, f).errors()).singleElement().asString().contains("is not URL-safe");
    }
    assertThat(status(endpoints, "ok.websocket").active()).isTrue();
  }

  @Test
  void handlersThatCannotBeMadeAreReportedEachWithItsReason() throws Exception {
    write("unknown.websocket", descriptor("u", "com.example.Missing", ""));
    write("dirigible.websocket", descriptor("d", "my-project/ws-handler", ""));
    write("not.websocket", descriptor("n", TestHandlers.NotAHandler.class.getName(), ""));
    write("args.websocket", descriptor("a", TestHandlers.NeedsArgument.class.getName(), ""));
    write("boom.websocket", descriptor("b", TestHandlers.Explodes.class.getName(), ""));
    write("iface.websocket", descriptor("i", WebSocketHandler.class.getName(), ""));
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(status(endpoints, "unknown.websocket").errors()).containsExactly(
        "handler 'com.example.Missing' is neither registered in code nor a class on the class path");
    assertThat(status(endpoints, "dirigible.websocket").errors()).singleElement().asString()
        .contains("neither registered");
    assertThat(status(endpoints, "not.websocket").errors()).singleElement().asString()
        .isEqualTo("class " + TestHandlers.NotAHandler.class.getName()
            + " does not implement dev.switchboard.websocket.WebSocketHandler");
    assertThat(status(endpoints, "args.websocket").errors()).singleElement().asString()
        .contains("no public no-argument constructor");
    assertThat(status(endpoints, "boom.websocket").errors()).singleElement().asString()
        .contains("constructing", "boom");
    assertThat(status(endpoints, "iface.websocket").errors()).singleElement().asString().contains("abstract");
    assertThatThrownBy(() -> new Conn("u")).hasCauseInstanceOf(WebSocketConnectException.class);
  }

  @Test
  void duplicateEndpointIsServedByTheFirstFileInPathOrderAndReportedInTheOther() throws Exception {
    write("a.websocket", descriptor("same", ECHO, "first"));
    write("b.websocket", descriptor("same", UPPER, "second"));
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(new Conn("same").ask("x")).isEqualTo("echo:x");
    assertThat(status(endpoints, "b.websocket").errors())
        .containsExactly("endpoint 'same' is already declared by a.websocket; endpoint names must be unique");
  }

  @Test
  void oversizedFileIsReportedUnread() throws Exception {
    write("big.websocket", " ".repeat(64 * 1024 + 1));
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(status(endpoints, "big.websocket").errors()).singleElement().asString()
        .contains("65537 bytes", "at most 65536");
  }

  @Test
  void unknownEndpointIsRefusedWith404() throws Exception {
    write("chat.websocket", descriptor("chat", ECHO, ""));
    serve(EndpointDirectory.builder(dir));
    assertThatThrownBy(() -> new Conn("nope")).cause().isInstanceOfSatisfying(WebSocketConnectException.class,
        e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> new Conn("chat/extra")).cause().isInstanceOfSatisfying(WebSocketConnectException.class,
        e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void subdirectoriesAreReadAndOtherFilesIgnored() throws Exception {
    write("project/ws/chat.websocket", descriptor("chat", ECHO, ""));
    write("notes.txt", "not a descriptor");
    EndpointDirectory endpoints = serve(EndpointDirectory.builder(dir));
    assertThat(endpoints.endpoints()).extracting(s -> s.source().toString().replace('\\', '/'))
        .containsExactly("project/ws/chat.websocket");
  }

  @Test
  void notADirectoryIsRefusedAtBuild() {
    assertThatThrownBy(() -> EndpointDirectory.builder(dir.resolve("missing")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory");
  }
}
