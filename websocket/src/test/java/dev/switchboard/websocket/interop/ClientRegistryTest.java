package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.ClientImplementation;
import dev.switchboard.websocket.ClientInfo;
import dev.switchboard.websocket.ClientRegistry;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketHandler;
import dev.switchboard.websocket.WebSocketServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Dirigible-style {@link ClientRegistry}: named handlers, metadata, lookups, forgetting. */
@Timeout(30)
class ClientRegistryTest {

  static WebSocketServer server;

  @BeforeAll
  static void start() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .route("/echo", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            s.sendText(text);
          }
        }).start();
  }

  @AfterAll
  static void stop() {
    server.shutdown(Duration.ofSeconds(1)).join();
  }

  static String echo() {
    return "ws://127.0.0.1:" + server.port() + "/echo";
  }

  /** A clock a test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** Records each callback as a line: "open", "message:hi", "error:X (session null)", "close:1000". */
  static final class Recording implements WebSocketHandler {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(HandlerEvent e) {
      events.add("open");
    }

    @Override
    public void onMessage(HandlerEvent e) {
      events.add("message:" + e.message());
    }

    @Override
    public void onError(HandlerEvent e) {
      events.add("error:" + e.error().getClass().getSimpleName() + (e.session() == null ? " (session null)" : ""));
    }

    @Override
    public void onClose(HandlerEvent e) {
      events.add("close:" + e.closeEvent().code());
    }

    String next() throws InterruptedException {
      String s = events.poll(10, TimeUnit.SECONDS);
      if (s == null) {
        throw new AssertionError("no handler call within 10 s");
      }
      return s;
    }
  }

  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void namedHandlerGetsTheEventsAndTheConnectionIsListedUntilClosed(ClientImplementation impl) throws Exception {
    MovableClock clock = new MovableClock();
    Instant start = clock.instant();
    try (WebSocketClient client = WebSocketClient.builder().implementation(impl).build()) {
      ClientRegistry registry = ClientRegistry.builder(client).clock(clock).build();
      Recording handler = new Recording();
      registry.register("chat-handler", handler);
      Connection c = registry.open(echo(), "chat-handler");
      c.join();
      assertThat(handler.next()).isEqualTo("open");
      clock.advance(Duration.ofMinutes(1));
      c.sendText("hi");
      assertThat(handler.next()).isEqualTo("message:hi");

      ClientInfo info = registry.find(c.id()).orElseThrow();
      assertThat(info.id()).isEqualTo(c.id());
      assertThat(info.url()).isEqualTo(URI.create(echo()));
      assertThat(info.handler()).isEqualTo("chat-handler");
      assertThat(info.status()).isEqualTo(ConnectionStatus.OPEN);
      assertThat(info.created()).isEqualTo(start);
      assertThat(info.lastActivity()).as("the message, a minute later").isEqualTo(start.plus(Duration.ofMinutes(1)));
      assertThat(registry.list()).containsExactly(info);
      assertThat(registry.findByHandler("chat-handler")).containsExactly(c);
      assertThat(registry.findByHandler("other")).isEmpty();
      assertThat(registry.connection(c.id())).containsSame(c);

      c.close().get(10, TimeUnit.SECONDS);
      assertThat(handler.next()).isEqualTo("close:1000");
      assertThat(registry.list()).as("forgotten once closed").isEmpty();
      assertThat(registry.find(c.id())).isEmpty();
    }
  }

  @Test
  void keepClosedListsThemUntilForgottenOnDemand() throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      ClientRegistry registry = ClientRegistry.builder(client).keepClosed(true).build();
      Connection open = registry.open(ConnectRequest.to(echo()).build(), "direct", new Recording());
      Connection closed = registry.open(ConnectRequest.to(echo()).build(), "direct", new Recording());
      open.join();
      closed.join();
      closed.close().get(10, TimeUnit.SECONDS);
      assertThat(registry.list()).extracting(ClientInfo::status)
          .containsExactly(ConnectionStatus.OPEN, ConnectionStatus.CLOSED);
      assertThat(registry.forgetClosed()).isEqualTo(1);
      assertThat(registry.list()).extracting(ClientInfo::id).containsExactly(open.id());
      open.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unknownHandlerNameIsRefusedNamingTheRegisteredOnes() {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      ClientRegistry registry = ClientRegistry.create(client).register("a", new Recording());
      assertThatThrownBy(() -> registry.open(echo(), "b")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'b'").hasMessageContaining("[a]");
      assertThatThrownBy(() -> registry.register(" ", new Recording())).isInstanceOf(IllegalArgumentException.class);
      assertThat(registry.size()).isZero();
    }
  }

  @Test
  void failedConnectReachesOnErrorWithoutASessionAndIsForgotten() throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      ClientRegistry registry = ClientRegistry.create(client);
      Recording handler = new Recording();
      Connection c = registry.open(ConnectRequest.to("ws://127.0.0.1:" + ConnectionRetryTest.closedPort() + "/").build(),
          "h", handler);
      assertThat(handler.next()).isEqualTo("error:WebSocketConnectException (session null)");
      assertThat(c.closed().get(10, TimeUnit.SECONDS).error()).isInstanceOf(WebSocketConnectException.class);
      assertThat(registry.list()).isEmpty();
    }
  }

  @Test
  void opensFromManyThreadsAtOnce() throws Exception {
    int threads = 4;
    int each = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (WebSocketClient client = WebSocketClient.builder().ioThreads(2).build()) {
      ClientRegistry registry = ClientRegistry.create(client).register("h", new WebSocketHandler() {});
      List<Future<List<Connection>>> opened = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        opened.add(pool.submit(() -> {
          List<Connection> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            mine.add(registry.open(echo(), "h"));
          }
          return mine;
        }));
      }
      List<Connection> all = new ArrayList<>();
      for (Future<List<Connection>> f : opened) {
        all.addAll(f.get(10, TimeUnit.SECONDS));
      }
      CompletableFuture.allOf(all.stream().map(Connection::toCompletableFuture).toArray(CompletableFuture[]::new))
          .get(10, TimeUnit.SECONDS);
      Set<String> ids = registry.list().stream().map(ClientInfo::id).collect(Collectors.toSet());
      assertThat(ids).hasSize(threads * each).isEqualTo(all.stream().map(Connection::id).collect(Collectors.toSet()));
      assertThat(registry.findByHandler("h")).hasSize(threads * each);
      CompletableFuture.allOf(all.stream().map(c -> c.close()).toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(registry.list()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
