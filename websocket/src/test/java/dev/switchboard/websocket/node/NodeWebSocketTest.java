package dev.switchboard.websocket.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.UpgradeRejectedException;
import dev.switchboard.websocket.UpgradeRequest;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import dev.switchboard.websocket.internal.FailOnLeaks;
import dev.switchboard.websocket.interop.TestCertificates;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The node:websocket server options, each one proven over loopback. */
@ExtendWith(FailOnLeaks.class)
class NodeWebSocketTest {

  private final List<WebSocketServer> servers = new ArrayList<>();
  private final WebSocketClient client = WebSocketClient.builder().build();

  @AfterEach
  void stop() {
    client.close();
    servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)).join());
  }

  private WebSocketServer start(ServerOptions.Builder options) {
    WebSocketServer s = NodeWebSocket.server(options.build());
    servers.add(s);
    return s;
  }

  private static String url(WebSocketServer s, String path) {
    return "ws://127.0.0.1:" + s.port() + path;
  }

  /** Open callbacks as (error, socket) pairs. */
  private record Opened(Throwable error, Session socket) {}

  @Test
  void connectCallbackSeesHeaderValuesAndTheHandshakeWaitsForReady() throws Exception {
    CompletableFuture<Runnable> readyHanded = new CompletableFuture<>();
    CompletableFuture<UpgradeRequest> seen = new CompletableFuture<>();
    CompletableFuture<AddressInfo> pendingAddress = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder().onConnect((headerValues, socket, ready) -> {
      seen.complete(headerValues);
      pendingAddress.complete(socket.address());
      readyHanded.complete(ready); // decided later, on another thread
    }));
    CompletableFuture<Session> connecting = client.connect(
        ConnectRequest.to(url(server, "/room?user=ada")).header("Authorization", "Bearer t0ken").build(), new Endpoint() {});
    UpgradeRequest req = seen.get(5, TimeUnit.SECONDS);
    assertThat(req.header("authorization")).isEqualTo("Bearer t0ken");
    assertThat(req.path()).isEqualTo("/room");
    assertThat(req.queryParam("user")).isEqualTo("ada");
    assertThat(pendingAddress.get(5, TimeUnit.SECONDS).localPort()).isEqualTo(server.port());
    assertThat(connecting).isNotDone(); // no 101 before ready
    readyHanded.get(5, TimeUnit.SECONDS).run();
    Session s = connecting.get(5, TimeUnit.SECONDS);
    assertThat(s.readyState().name()).isEqualTo("OPEN");
  }

  @Test
  void readyNeverCalledFailsTheHandshakeAtTheDeadlineAndTellsTheOpenCallback() throws Exception {
    CompletableFuture<Opened> opened = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .onConnect((headerValues, socket, ready) -> {})
        .onOpen((error, socket) -> opened.complete(new Opened(error, socket)))
        .handshakeTimeout(Duration.ofMillis(200)));
    CompletableFuture<Session> connecting = client.connect(url(server, "/"), new Endpoint() {});
    Opened o = opened.get(5, TimeUnit.SECONDS);
    assertThat(o.socket()).isNull();
    assertThat(o.error()).isInstanceOf(TimeoutException.class).hasMessageContaining("PT0.2S");
    assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSocketConnectException.class);
  }

  @Test
  void readyCalledAfterTheDeadlineDoesNothing() throws Exception {
    CompletableFuture<Runnable> readyHanded = new CompletableFuture<>();
    CompletableFuture<Opened> opened = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .onConnect((headerValues, socket, ready) -> readyHanded.complete(ready))
        .onOpen((error, socket) -> opened.complete(new Opened(error, socket)))
        .handshakeTimeout(Duration.ofMillis(100)));
    CompletableFuture<Session> connecting = client.connect(url(server, "/"), new Endpoint() {});
    assertThat(opened.get(5, TimeUnit.SECONDS).error()).isInstanceOf(TimeoutException.class);
    readyHanded.get(5, TimeUnit.SECONDS).run();
    assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSocketConnectException.class);
  }

  @Test
  void defaultHandshakeDeadlineIsFiveSeconds() {
    assertThat(ServerOptions.builder().build().handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> ServerOptions.builder().handshakeTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
  }

  @Test
  void rejectingInTheConnectCallbackAnswersTheStatusAndReportsIt() throws Exception {
    CompletableFuture<Opened> opened = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .onConnect((headerValues, socket, ready) -> socket.reject(401, "token required"))
        .onOpen((error, socket) -> opened.complete(new Opened(error, socket))));
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> client.connect(url(server, "/"), new Endpoint() {}).join());
    WebSocketConnectException cause = (WebSocketConnectException) e.getCause();
    assertThat(cause.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
    assertThat(cause.status()).isEqualTo(401);
    Opened o = opened.get(5, TimeUnit.SECONDS);
    assertThat(o.error()).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) o.error()).status()).isEqualTo(401);
  }

  @Test
  void clientLeavingBeforeReadyIsReportedAsClosed() throws Exception {
    CompletableFuture<Opened> opened = new CompletableFuture<>();
    CompletableFuture<Void> asked = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .onConnect((headerValues, socket, ready) -> asked.complete(null))
        .onOpen((error, socket) -> opened.complete(new Opened(error, socket))));
    try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
      raw.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      asked.get(5, TimeUnit.SECONDS);
    }
    assertThat(opened.get(5, TimeUnit.SECONDS).error()).isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void openCallbackGetsNullErrorAndTheSocket() throws Exception {
    CompletableFuture<Opened> opened = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .onOpen((error, socket) -> opened.complete(new Opened(error, socket))));
    Session s = client.connect(url(server, "/"), new Endpoint() {}).get(5, TimeUnit.SECONDS);
    Opened o = opened.get(5, TimeUnit.SECONDS);
    assertThat(o.error()).isNull();
    assertThat(o.socket().remoteAddress().getPort()).isEqualTo(s.localAddress().getPort());
  }

  @Test
  void listenerCallbackRunsOnceBoundWithTheServer() {
    List<WebSocketServer> told = new ArrayList<>();
    WebSocketServer server = start(ServerOptions.builder().onListening(s -> {
      assertThat(s.port()).isPositive(); // bound: the ephemeral port is known
      told.add(s);
    }));
    assertThat(told).containsExactly(server);
  }

  @Test
  void messageHandlerGetsTextAndBinaryAndCanAnswer() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    WebSocketServer server = start(ServerOptions.builder().messageHandler((socket, message) -> {
      seen.add(message.type() + ":" + message);
      socket.sendText("got " + message.bytes().length + " bytes");
    }));
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    Session s = client.connect(url(server, "/"), new Endpoint() {
      @Override
      public void onText(Session session, String text) {
        replies.add(text);
      }
    }).get(5, TimeUnit.SECONDS);
    s.sendText("héllo");
    s.sendBinary("bin".getBytes(StandardCharsets.UTF_8));
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(MessageType.TEXT + ":héllo");
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(MessageType.BINARY + ":bin");
    assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("got 6 bytes");
    assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("got 3 bytes");
  }

  @Test
  void listenerOptionsSetHostPortAndBacklog() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    WebSocketServer server = start(ServerOptions.builder()
        .listenerOptions(ListenerOptions.of("127.0.0.1", port).withBacklog(7)));
    assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isEqualTo(port);
    assertThat(ServerOptions.builder().build().listenerOptions()).isEqualTo(new ListenerOptions("127.0.0.1", 0, 1024));
    assertThatThrownBy(() -> ListenerOptions.of("127.0.0.1", 80).withBacklog(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog");
    assertThatThrownBy(() -> ListenerOptions.of("127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void addressHelperGivesLocalAndRemoteAddressAndPort() throws Exception {
    CompletableFuture<AddressInfo> serverSide = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .onOpen((error, socket) -> serverSide.complete(NodeWebSocket.address(socket))));
    Session s = client.connect(url(server, "/"), new Endpoint() {}).get(5, TimeUnit.SECONDS);
    AddressInfo mine = NodeWebSocket.address(s);
    AddressInfo theirs = serverSide.get(5, TimeUnit.SECONDS);
    assertThat(mine.remotePort()).isEqualTo(server.port());
    assertThat(theirs).isEqualTo(new AddressInfo("127.0.0.1", server.port(), "127.0.0.1", mine.localPort()));
    assertThat(mine.localAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void secureServesWssFromPemCertAndKey(@TempDir Path dir) throws Exception {
    TestCertificates cert = TestCertificates.localhost(dir);
    WebSocketServer server = start(ServerOptions.builder()
        .secure(SecureOptions.of(cert.certificate(), cert.key()))
        .messageHandler((socket, message) -> socket.sendText("secure=" + socket.url())));
    try (WebSocketClient tls = WebSocketClient.builder().tls(ClientTls.trusting(cert.certificate())).build()) {
      assertThat(echoOnce(tls, "wss://localhost:" + server.port() + "/x")).isEqualTo("secure=/x");
    }
  }

  @Test
  void secureCaVerifiesClientCertificates(@TempDir Path dir) throws Exception {
    TestCertificates cert = TestCertificates.localhost(dir);
    TestCertificates clientCert = TestCertificates.selfSigned(dir, "client", "client", "client.example");
    CompletableFuture<Boolean> secureSeen = new CompletableFuture<>();
    WebSocketServer server = start(ServerOptions.builder()
        .secure(SecureOptions.of(cert.certificate(), cert.key()).withCa(clientCert.certificate()))
        .onConnect((headerValues, socket, ready) -> {
          secureSeen.complete(socket.isSecure());
          ready.run();
        })
        .messageHandler((socket, message) -> socket.sendText("ok")));
    ClientTls withCert = ClientTls.trusting(cert.certificate())
        .withClientCertificate(clientCert.certificate(), clientCert.key());
    try (WebSocketClient tls = WebSocketClient.builder().tls(withCert).build()) {
      assertThat(echoOnce(tls, "wss://localhost:" + server.port() + "/")).isEqualTo("ok");
    }
    assertThat(secureSeen.get(5, TimeUnit.SECONDS)).isTrue();
    // No certificate, or one the CA did not issue, is refused during the TLS handshake.
    try (WebSocketClient tls = WebSocketClient.builder().tls(ClientTls.trusting(cert.certificate())).build()) {
      assertThatThrownBy(() -> echoOnce(tls, "wss://localhost:" + server.port() + "/"))
          .hasCauseInstanceOf(WebSocketConnectException.class);
    }
    TestCertificates stranger = TestCertificates.selfSigned(dir, "stranger", "stranger", "stranger.example");
    ClientTls wrongCert = ClientTls.trusting(cert.certificate())
        .withClientCertificate(stranger.certificate(), stranger.key());
    try (WebSocketClient tls = WebSocketClient.builder().tls(wrongCert).build()) {
      assertThatThrownBy(() -> echoOnce(tls, "wss://localhost:" + server.port() + "/"))
          .hasCauseInstanceOf(WebSocketConnectException.class);
    }
  }

  @Test
  void secureRefusesUnreadablePemFiles(@TempDir Path dir) {
    assertThatThrownBy(() -> SecureOptions.of(dir.resolve("missing.crt"), dir.resolve("missing.key")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readable PEM");
  }

  private static String echoOnce(WebSocketClient c, String url) throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Session s = c.connect(url, new Endpoint() {
      @Override
      public void onText(Session session, String text) {
        got.add(text);
      }
    }).get(5, TimeUnit.SECONDS);
    s.sendText("hi");
    String reply = got.poll(5, TimeUnit.SECONDS);
    CloseEvent closed = s.close().get(5, TimeUnit.SECONDS);
    assertThat(closed.code()).isEqualTo(1000);
    return reply;
  }

}
