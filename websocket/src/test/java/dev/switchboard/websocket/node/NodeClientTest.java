package dev.switchboard.websocket.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.UpgradeRequest;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import dev.switchboard.websocket.internal.FailOnLeaks;
import dev.switchboard.websocket.interop.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The node:websocket client options, each one proven over loopback against our server. */
@ExtendWith(FailOnLeaks.class)
class NodeClientTest {

  private final List<WebSocketServer> servers = new ArrayList<>();
  private final BlockingQueue<String> got = new LinkedBlockingQueue<>();
  private final CompletableFuture<Opened> opened = new CompletableFuture<>();
  private final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();

  /** An open callback as an (error, socket) pair. */
  private record Opened(Throwable error, Session socket) {}

  @AfterEach
  void stop() {
    servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)).join());
  }

  private WebSocketServer start(WebSocketServer s) {
    servers.add(s);
    return s;
  }

  /** Options recording every callback: open into {@link #opened}, messages as "TYPE:text", close. */
  private ClientOptions.Builder recording(String url) {
    return ClientOptions.builder(url)
        .onOpen((error, socket) -> opened.complete(new Opened(error, socket)))
        .messageHandler((socket, message) -> got.add(message.type() + ":" + new String(message.bytes(), StandardCharsets.UTF_8)))
        .onClose((socket, event) -> closed.complete(event));
  }

  /** A node:websocket server that echoes, closes with 4001 on "bye", and records request headers. */
  private WebSocketServer echoServer(ServerOptions.Builder options, BlockingQueue<UpgradeRequest> requests) {
    return start(NodeWebSocket.server(options
        .onConnect((headerValues, socket, ready) -> {
          requests.add(headerValues);
          ready.run();
        })
        .messageHandler((socket, message) -> {
          if (message.toString().equals("bye")) {
            socket.close(4001, "asked to");
          } else if (message.type() == MessageType.TEXT) {
            socket.sendText(message.text());
          } else {
            socket.sendBinary(message.data());
          }
        })
        .build()));
  }

  @Test
  void onOpenGetsTheSocketThenMessagesArriveWithTheirTypeAndOnCloseEnds() throws Exception {
    BlockingQueue<UpgradeRequest> requests = new LinkedBlockingQueue<>();
    WebSocketServer server = echoServer(ServerOptions.builder(), requests);
    CompletableFuture<Session> future = NodeWebSocket.connect(recording("ws://127.0.0.1:" + server.port() + "/chat?room=1")
        .header("Authorization", "Bearer t0ken")
        .header("Proxy-Authorization", "Basic eDp5")
        .build());
    Opened o = opened.get(5, TimeUnit.SECONDS);
    assertThat(o.error()).isNull();
    assertThat(future.get(5, TimeUnit.SECONDS)).isSameAs(o.socket());
    UpgradeRequest req = requests.poll(5, TimeUnit.SECONDS);
    assertThat(req.header("authorization")).isEqualTo("Bearer t0ken");
    assertThat(req.header("proxy-authorization")).isEqualTo("Basic eDp5");
    assertThat(req.path()).isEqualTo("/chat");
    assertThat(req.queryParam("room")).isEqualTo("1");

    o.socket().sendText("héllo");
    o.socket().sendBinary("bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("TEXT:héllo");
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("BINARY:bytes");
    o.socket().sendText("bye");
    CloseEvent e = closed.get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(4001);
    assertThat(e.reason()).isEqualTo("asked to");
    assertThat(e.remote()).isTrue();
  }

  @Test
  void subprotocolsAreOfferedAndTheChosenOneIsOnTheSocket() throws Exception {
    WebSocketServer server = start(WebSocketServer.builder()
        .route(Route.of("/", new Endpoint() {}).withSubprotocols("chat.v2"))
        .start());
    Session s = NodeWebSocket.connect(recording("ws://127.0.0.1:" + server.port() + "/")
        .subprotocols("chat.v3", "chat.v2").build()).get(5, TimeUnit.SECONDS);
    assertThat(s.protocol()).isEqualTo("chat.v2");
    assertThat(s.close().get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
    assertThat(closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
  }

  @Test
  void refusedConnectGivesOnOpenTheConnectExceptionAndNoSocket() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    CompletableFuture<Session> future = NodeWebSocket.connect(recording("ws://127.0.0.1:" + port + "/").build());
    Opened o = opened.get(5, TimeUnit.SECONDS);
    assertThat(o.socket()).isNull();
    assertThat(o.error()).isInstanceOf(WebSocketConnectException.class);
    assertThat(((WebSocketConnectException) o.error()).failure()).isEqualTo(ConnectFailure.CONNECTION_REFUSED);
    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCause(o.error());
    assertThat(closed).isNotDone(); // onClose is for sockets that were open
  }

  @Test
  void rejectedHandshakeGivesOnOpenTheHttpStatus() throws Exception {
    WebSocketServer server = start(NodeWebSocket.server(ServerOptions.builder()
        .onConnect((headerValues, socket, ready) -> socket.reject(401, "token required")).build()));
    NodeWebSocket.connect(recording("ws://127.0.0.1:" + server.port() + "/").build());
    WebSocketConnectException e = (WebSocketConnectException) opened.get(5, TimeUnit.SECONDS).error();
    assertThat(e.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.responseBody()).startsWith("token required");
  }

  @Test
  void serverThatNeverAnswersFailsAtTheHandshakeDeadline() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      NodeWebSocket.connect(recording("ws://127.0.0.1:" + silent.getLocalPort() + "/")
          .handshakeTimeout(Duration.ofMillis(200)).build());
      try (Socket accepted = silent.accept()) { // TCP connects; no 101 ever comes
        WebSocketConnectException e = (WebSocketConnectException) opened.get(5, TimeUnit.SECONDS).error();
        assertThat(e.failure()).isEqualTo(ConnectFailure.HANDSHAKE_TIMEOUT);
        assertThat(e.getMessage()).contains("PT0.2S");
      }
    }
  }

  @Test
  void cancellingTheFutureAbortsTheConnectAndTellsOnOpen() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Session> future = NodeWebSocket.connect(recording("ws://127.0.0.1:" + silent.getLocalPort() + "/")
          .handshakeTimeout(Duration.ofSeconds(30)).build());
      try (Socket accepted = silent.accept()) { // in the handshake, which never ends by itself
        accepted.setSoTimeout(5000);
        future.cancel(true);
        Opened o = opened.get(5, TimeUnit.SECONDS);
        assertThat(o.socket()).isNull();
        assertThat(o.error()).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(accepted.getInputStream().readAllBytes()).isNotEmpty(); // the request came, then EOF: aborted
      }
    }
  }

  @Test
  void secureTrustsTheCaPemAndFailsTlsWithoutIt(@TempDir Path dir) throws Exception {
    TestCertificates cert = TestCertificates.localhost(dir);
    WebSocketServer server = echoServer(
        ServerOptions.builder().secure(SecureOptions.of(cert.certificate(), cert.key())), new LinkedBlockingQueue<>());
    String url = "wss://localhost:" + server.port() + "/";
    Session s = NodeWebSocket.connect(recording(url).ca(cert.certificate()).build()).get(5, TimeUnit.SECONDS);
    s.sendText("over tls");
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("TEXT:over tls");
    s.close().get(5, TimeUnit.SECONDS);

    CompletableFuture<Throwable> untrusted = new CompletableFuture<>();
    NodeWebSocket.connect(ClientOptions.builder(url).onOpen((error, socket) -> untrusted.complete(error)).build());
    assertThat(((WebSocketConnectException) untrusted.get(5, TimeUnit.SECONDS)).failure())
        .isEqualTo(ConnectFailure.TLS_FAILURE);
    // Node's rejectUnauthorized: false
    Session insecure = NodeWebSocket.connect(ClientOptions.builder(url)
        .secure(ClientTls.insecureTrustAllCertificates()).build()).get(5, TimeUnit.SECONDS);
    assertThat(insecure.close().get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
  }

  @Test
  void unusableOptionsFailAtOnceBeforeAnyIo(@TempDir Path dir) {
    assertThatThrownBy(() -> NodeWebSocket.connect(ClientOptions.builder("ftp://127.0.0.1/").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
    assertThatThrownBy(() -> NodeWebSocket.connect(ClientOptions.builder("ws://127.0.0.1/#frag").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment");
    assertThatThrownBy(() -> NodeWebSocket.connect(ClientOptions.builder("ws://127.0.0.1/").header("Bad Name", "x").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    assertThatThrownBy(() -> ClientOptions.builder("ws://127.0.0.1/").secure(ClientTls.systemTrust()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wss://");
    assertThatThrownBy(() -> ClientOptions.builder("wss://127.0.0.1/").ca(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readable PEM");
    assertThatThrownBy(() -> ClientOptions.builder("ws://127.0.0.1/").handshakeTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
    assertThatThrownBy(() -> NodeWebSocket.connect(ClientOptions.builder("ws://example.com/").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not encrypted");
    ClientOptions defaults = ClientOptions.builder("ws://127.0.0.1/").build();
    assertThat(defaults.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.sendUnmaskedFrames()).isFalse();
    assertThat(defaults.allowInsecureConnections()).isFalse();
    assertThat(ServerOptions.builder().build().acceptUnmaskedFrames()).isFalse();
  }

  @Test
  void unmaskedClientIsClosedWith1002ByADefaultServer() throws Exception {
    WebSocketServer server = echoServer(ServerOptions.builder(), new LinkedBlockingQueue<>());
    Session s = NodeWebSocket.connect(recording("ws://127.0.0.1:" + server.port() + "/")
        .sendUnmaskedFrames(true).build()).get(5, TimeUnit.SECONDS);
    s.sendText("unmasked");
    assertThat(closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1002);
    assertThat(got).isEmpty();
  }

  @Test
  void unmaskedClientWorksWithAServerThatAcceptsUnmaskedFrames() throws Exception {
    WebSocketServer server = echoServer(ServerOptions.builder().acceptUnmaskedFrames(true), new LinkedBlockingQueue<>());
    Session s = NodeWebSocket.connect(recording("ws://127.0.0.1:" + server.port() + "/")
        .sendUnmaskedFrames(true).build()).get(5, TimeUnit.SECONDS);
    s.sendText("unmasked");
    s.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2}));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("TEXT:unmasked");
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("BINARY:" + new String(new byte[] {0, 1, 2}, StandardCharsets.UTF_8));
    assertThat(s.close(1000, "done").get(5, TimeUnit.SECONDS).wasClean()).isTrue();
  }
}
