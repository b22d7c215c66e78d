package dev.switchboard.examples.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every example of the ws documentation runs against a loopback server and prints what it should. */
@Timeout(30)
class WsExamplesTest {

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Lines lines = new Lines();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private WebSocketServer keep(WebSocketServer server) {
    toClose.add(() -> server.shutdown(Duration.ofSeconds(2)).join());
    return server;
  }

  private String echoUrl() {
    return "ws://127.0.0.1:" + keep(EchoServer.start(0)).port() + "/";
  }

  private WebSocketClient client() {
    WebSocketClient client = WebSocketClient.builder().build();
    toClose.add(client);
    return client;
  }

  /** A connection whose text messages land in a queue. */
  private BlockingQueue<String> listen(WebSocketClient client, String url, List<Connection> into) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Connection c = client.open(ConnectRequest.to(url).build(), h -> h.on(ConnectionEvent.TEXT, q::add));
    c.join();
    into.add(c);
    return q;
  }

  private static String poll(BlockingQueue<String> q) throws InterruptedException {
    String s = q.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("a message within 10 s").isNotNull();
    return s;
  }

  // ------------------------------------------------------------------ client side

  @Test
  void simpleServerGreetsAndLogsWhatItReceives() throws Exception {
    WebSocketServer server = keep(SimpleServer.start(0, lines.out));
    assertThat(TextClient.run("ws://127.0.0.1:" + server.port() + "/", lines.out)).isEqualTo("something");
    lines.await(l -> l.equals("received: something"));
  }

  @Test
  void textClientGetsItsEcho() {
    assertThat(TextClient.run(echoUrl(), lines.out)).isEqualTo("something");
    assertThat(lines.all()).containsExactly("something");
  }

  @Test
  void jsonClientParsesTheObjectItSent() throws Exception {
    var message = JsonClient.run(echoUrl(), lines.out);
    assertThat(message.get("n").asInt()).isEqualTo(42);
    assertThat(lines.all()).containsExactly("greeting: hello 42");
  }

  @Test
  void binaryClientGetsItsFloatsBack() {
    assertThat(BinaryClient.run(echoUrl(), lines.out)).containsExactly(0f, 0.5f, 1f, 1.5f, 2f);
  }

  @Test
  void severalMessagesComeBackInOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      expected.add("message " + i);
    }
    assertThat(SeveralMessagesClient.run(echoUrl(), 20, lines.out)).containsExactlyElementsOf(expected);
  }

  @Test
  void connectTimeoutFiresWhenTheServerNeverAnswersTheHandshake() throws Exception {
    // TCP completes in the kernel's backlog; nobody ever reads the request or answers it.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThat(ConnectTimeoutClient.run("ws://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofMillis(300), lines.out))
          .isEqualTo(ConnectFailure.HANDSHAKE_TIMEOUT);
    }
    assertThat(ConnectTimeoutClient.run(echoUrl(), Duration.ofSeconds(5), lines.out)).isNull();
  }

  @Test
  void stateTrackingSeesEachStatus() {
    assertThat(StateTrackingClient.run(echoUrl(), lines.out)).containsExactly(
        "before I/O: CONNECTING", "open: OPEN, OPEN", "close 1000: CLOSING", "after close: CLOSED");
  }

  @Test
  void errorHandlingNamesEachKindOfFailure() throws Exception {
    assertThat(ErrorHandlingClient.run("wss://nowhere.invalid/", lines.out)).isEqualTo(ConnectFailure.DNS_FAILURE);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertThat(ErrorHandlingClient.run("ws://127.0.0.1:" + closedPort + "/", lines.out))
        .isEqualTo(ConnectFailure.CONNECTION_REFUSED);
    WebSocketServer plain = keep(EchoServer.start(0));
    assertThat(ErrorHandlingClient.run("wss://127.0.0.1:" + plain.port() + "/", lines.out)) // TLS to a plaintext port
        .isEqualTo(ConnectFailure.TLS_FAILURE);
    WebSocketServer auth = keep(AuthenticatingServer.start(0));
    assertThat(ErrorHandlingClient.run("ws://127.0.0.1:" + auth.port() + "/", lines.out))
        .isEqualTo(ConnectFailure.HTTP_STATUS);
    assertThat(ErrorHandlingClient.run("ws://127.0.0.1:" + plain.port() + "/", lines.out)).isNull();
    assertThat(lines.all()).satisfiesExactly(
        l -> assertThat(l).startsWith("DNS_FAILURE (retryable): ").contains("nowhere.invalid"),
        l -> assertThat(l).startsWith("CONNECTION_REFUSED (retryable): "),
        l -> assertThat(l).startsWith("TLS_FAILURE (not retryable): "),
        l -> assertThat(l).startsWith("HTTP_STATUS 401 (not retryable): "),
        l -> assertThat(l).isEqualTo("sent"));
  }

  @Test
  void reconnectingClientComesBackWhenTheServerRestartsOnItsPort() throws Exception {
    WebSocketServer server = EchoServer.start(0);
    int port = server.port();
    WebSocketClient client = ReconnectingClient.client();
    toClose.add(client);
    Connection ws = ReconnectingClient.open(client, "ws://127.0.0.1:" + port + "/", lines.out);
    String id = ws.id();
    ws.sendText("one");
    lines.await(l -> l.equals("< one"));
    server.shutdown(Duration.ofSeconds(2)).join();
    lines.awaitStartingWith("reconnecting (attempt 1)");
    ws.sendText("two");                                    // queued while the server is away
    keep(EchoServer.start(port));
    lines.await(l -> l.equals("reconnected " + id));
    lines.await(l -> l.equals("< two"));
    assertThat(lines.all()).filteredOn(l -> l.startsWith("< ")).containsExactly("< one", "< two");
    ws.close().join();
  }

  @Test
  void authHeaderIsSentOnTheOpeningRequestAndItsAbsenceIsA401() {
    WebSocketServer server = keep(AuthenticatingServer.start(0));
    String url = "ws://127.0.0.1:" + server.port() + "/";
    assertThat(AuthHeadersClient.run(url, "secret-token", lines.out)).isEqualTo("hello ada");
    assertThat(AuthHeadersClient.run(url, null, lines.out))
        .isEqualTo("HTTP_STATUS 401: Unauthorized: send Authorization: Bearer <token>");
    assertThat(AuthHeadersClient.run(url, "wrong", lines.out)).startsWith("HTTP_STATUS 401");
  }

  @Test
  void messageQueueSendsWhatFitsInOrderAndRefusesTheRest() {
    assertThat(MessageQueueClient.run(echoUrl(), List.of("a", "b", "c", "d"), 3, lines.out)).containsExactly("a", "b", "c");
    assertThat(lines.all()).contains("sent a", "sent b", "sent c", "3 sent, 3 echoed");
    assertThat(lines.all()).anySatisfy(l -> assertThat(l).startsWith("refused d: the offline queue is full"));
  }

  @Test
  void heartbeatClientDetectsAServerThatStoppedAnswering() {
    WebSocketServer deaf = keep(WebSocketServer.builder().host("127.0.0.1").port(0)
        .route("/", new Endpoint() {
          @Override public void onOpen(Session s) {
            s.pauseReading();                                 // never reads our ping, never answers it
          }
        }).start());
    CloseEvent end = HeartbeatClient.run("ws://127.0.0.1:" + deaf.port() + "/",
        Duration.ofMillis(100), Duration.ofMillis(200), lines.out);
    assertThat(end.code()).isEqualTo(1006);
    assertThat(lines.all()).anySatisfy(l -> assertThat(l).startsWith("heartbeat timeout: "));
    assertThat(lines.all()).last().isEqualTo("closed 1006");
  }

  // ------------------------------------------------------------------ server side

  @Test
  void heartbeatServerTerminatesTheClientThatStoppedAnsweringAndKeepsTheOther() throws Exception {
    HeartbeatServer server = HeartbeatServer.start(0, Duration.ofMillis(100), lines.out);
    toClose.add(server);
    String url = "ws://127.0.0.1:" + server.port() + "/";
    WebSocketClient client = client();
    BlockingQueue<ByteBuffer> pingsOfLively = new LinkedBlockingQueue<>();
    CompletableFuture<CloseEvent> deafClosed = new CompletableFuture<>();
    Session lively = client.connect(url, new Endpoint() {
      @Override public void onPing(Session s, ByteBuffer p) {
        pingsOfLively.add(p);
      }
    }).join();
    Session deaf = client.connect(url, new Endpoint() {
      @Override public void onClose(Session s, CloseEvent e) {
        deafClosed.complete(e);
      }
    }).join();
    deaf.pauseReading();                                       // stops answering pings
    String terminated = lines.awaitStartingWith("terminating ");
    assertThat(terminated).endsWith(":" + deaf.localAddress().getPort());
    deaf.resumeReading();
    assertThat(deafClosed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1006);
    for (int i = 0; i < 3; i++) {                              // the lively one is still pinged
      assertThat(pingsOfLively.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(lively.readyState()).isEqualTo(dev.switchboard.websocket.ReadyState.OPEN);
    assertThat(lines.all()).filteredOn(l -> l.startsWith("terminating ")).hasSize(1);
  }

  @Test
  void broadcastToAllIncludesTheSenderAndToOthersDoesNot() throws Exception {
    WebSocketServer server = keep(BroadcastServer.start(0));
    WebSocketClient client = client();
    List<Connection> all = new ArrayList<>();
    String base = "ws://127.0.0.1:" + server.port();
    List<BlockingQueue<String>> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inboxes.add(listen(client, base + "/all", all));
    }
    all.get(0).sendText("to all");
    for (BlockingQueue<String> q : inboxes) {
      assertThat(poll(q)).isEqualTo("to all");
    }

    List<Connection> others = new ArrayList<>();
    List<BlockingQueue<String>> otherInboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      otherInboxes.add(listen(client, base + "/others", others));
    }
    others.get(0).sendText("to others");
    assertThat(poll(otherInboxes.get(1))).isEqualTo("to others");
    assertThat(poll(otherInboxes.get(2))).isEqualTo("to others");
    // A send to the sender would come from its own event loop before the pong to a later ping.
    CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
    others.get(0).on(ConnectionEvent.PONG, pong::complete);
    others.get(0).session().ping(ByteBuffer.wrap(new byte[] {1}));
    pong.get(10, TimeUnit.SECONDS);
    assertThat(otherInboxes.get(0)).isEmpty();
  }

  @Test
  void externalHttpServerAnswersHttpAndUpgradesByPath() throws Exception {
    WebSocketServer server = keep(ExternalHttpServer.start(0));
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/index.html"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("plain HTTP on /index.html");
    List<Connection> connections = new ArrayList<>();
    WebSocketClient client = client();
    assertThat(poll(listen(client, "ws://127.0.0.1:" + server.port() + "/foo", connections))).isEqualTo("this is foo");
    assertThat(poll(listen(client, "ws://127.0.0.1:" + server.port() + "/bar", connections))).isEqualTo("this is bar");
  }

  @Test
  void clientIpIsTheSocketPeerOrTheFirstForwardedAddress() throws Exception {
    WebSocketServer server = keep(ClientIpServer.start(0));
    String url = "ws://127.0.0.1:" + server.port() + "/";
    WebSocketClient client = client();
    List<Connection> connections = new ArrayList<>();
    assertThat(poll(listen(client, url, connections))).isEqualTo("your address: 127.0.0.1");
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    client.open(ConnectRequest.to(url).header("X-Forwarded-For", "203.0.113.7, 10.0.0.1").build(),
        c -> c.on(ConnectionEvent.TEXT, q::add)).join();
    assertThat(poll(q)).isEqualTo("your address: 203.0.113.7");
  }
}
