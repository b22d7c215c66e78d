package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.ClientImplementation;
import dev.switchboard.websocket.ClientProxy;
import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import dev.switchboard.websocket.interop.TestProxy.Kind;
import io.netty.channel.Channel;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What is particular to {@link ClientImplementation#JDK}: the options it refuses (never ignores),
 * the close codes the JDK cannot send, access to the {@link WebSocket} underneath, headers,
 * subprotocols and an HTTP proxy.
 */
@Timeout(30)
class JdkClientTest {

  static WebSocketServer server;
  static WebSocketClient client;

  @BeforeAll
  static void start() {
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .route("/echo", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            s.sendText(text);
          }
        })
        .route(dev.switchboard.websocket.Route.of("/chat", new Endpoint() {}).withSubprotocols("v2.chat"))
        .start();
    client = WebSocketClient.builder().implementation(ClientImplementation.JDK).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.shutdown(Duration.ofSeconds(1)).join();
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("compression", (UnaryOperator<WebSocketClient.Builder>) b -> b.compression(DeflateConfig.DEFAULT)),
        Arguments.of("SOCKS5", (UnaryOperator<WebSocketClient.Builder>) b -> b.proxy(ClientProxy.socks5("127.0.0.1", 1080))),
        Arguments.of("proxy credentials", (UnaryOperator<WebSocketClient.Builder>) b ->
            b.proxy(ClientProxy.http("127.0.0.1", 3128).withCredentials("u", "p"))),
        Arguments.of("sendUnmaskedFrames", (UnaryOperator<WebSocketClient.Builder>) b -> b.sendUnmaskedFrames(true)),
        Arguments.of("maxFramePayloadBytes", (UnaryOperator<WebSocketClient.Builder>) b ->
            b.limits(Limits.DEFAULT.withMaxFramePayloadBytes(1024))),
        Arguments.of("maxHandshakeHeaderBytes", (UnaryOperator<WebSocketClient.Builder>) b ->
            b.limits(Limits.DEFAULT.withMaxHandshakeHeaderBytes(4096))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void optionsTheJdkCannotHonourFailTheBuild(String option, UnaryOperator<WebSocketClient.Builder> setting) {
    WebSocketClient.Builder b = setting.apply(WebSocketClient.builder().implementation(ClientImplementation.JDK));
    assertThatThrownBy(b::build).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining(option).hasMessageContaining("ClientImplementation.JDK");
  }

  @Test
  void clientCertificateFailsTheBuild(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "");
    WebSocketClient.Builder b = WebSocketClient.builder().implementation(ClientImplementation.JDK)
        .tls(ClientTls.systemTrust().withClientCertificate(cert, cert));
    assertThatThrownBy(b::build).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("withClientCertificate");
  }

  @Test
  void aRequestsOwnSocksProxyIsRefusedBeforeAnyIo() {
    ConnectRequest request = ConnectRequest.to("ws://127.0.0.1:" + server.port() + "/echo")
        .proxy(ClientProxy.socks5("127.0.0.1", 1080)).build();
    assertThatThrownBy(() -> client.open(request)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("SOCKS5");
  }

  @Test
  void unwrapGivesTheJdkWebSocket() throws Exception {
    Session s = client.connect("ws://127.0.0.1:" + server.port() + "/echo", new Endpoint() {}).get(10, TimeUnit.SECONDS);
    WebSocket ws = s.unwrap(WebSocket.class);
    assertThat(ws.isOutputClosed()).isFalse();
    assertThatThrownBy(() -> s.unwrap(Channel.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.netty.channel.Channel");
    assertThat(s.unwrap(Session.class)).isSameAs(s);
    s.close().get(10, TimeUnit.SECONDS);
    assertThat(ws.isOutputClosed()).isTrue();
  }

  @Test
  void nettySessionsUnwrapToTheirChannel() throws Exception {
    try (WebSocketClient netty = WebSocketClient.builder().build()) {
      Session s = netty.connect("ws://127.0.0.1:" + server.port() + "/echo", new Endpoint() {}).get(10, TimeUnit.SECONDS);
      assertThat(s.unwrap(Channel.class).isActive()).isTrue();
      assertThatThrownBy(() -> s.unwrap(WebSocket.class)).isInstanceOf(IllegalArgumentException.class);
      s.close();
    }
  }

  @Test
  void closeCodesTheJdkCannotSendAreRefusedAtTheCall() throws Exception {
    Connection c = client.open("ws://127.0.0.1:" + server.port() + "/echo");
    Session s = c.join();
    assertThatThrownBy(() -> s.close(1009, "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1009").hasMessageContaining("ClientImplementation.JDK");
    assertThatThrownBy(() -> c.close(1003, "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.close(1001, "going away").get(10, TimeUnit.SECONDS).code()).isEqualTo(1001);
  }

  @Test
  void headersAndSubprotocolsReachTheServer() throws Exception {
    try (RawHttpServer raw = new RawHttpServer(head -> RawHttpServer.Answer.SILENCE)) {
      Connection c = client.open(ConnectRequest.to("ws://127.0.0.1:" + raw.port() + "/x?y=1")
          .header("Authorization", "Bearer t0ken").subprotocols("v2.chat", "v1.chat").build());
      String head = raw.requests().poll(10, TimeUnit.SECONDS);
      assertThat(head).startsWith("GET /x?y=1 HTTP/1.1");
      assertThat(RawHttpServer.header(head, "Authorization")).isEqualTo("Bearer t0ken");
      assertThat(RawHttpServer.header(head, "Sec-WebSocket-Protocol")).isEqualTo("v2.chat, v1.chat");
      c.cancel();
    }
    Session s = client.connect(ConnectRequest.to("ws://127.0.0.1:" + server.port() + "/chat")
        .subprotocols("v2.chat").build(), new Endpoint() {}).get(10, TimeUnit.SECONDS);
    assertThat(s.protocol()).isEqualTo("v2.chat");
    s.close();
  }

  @Test
  void throughAnHttpProxy() throws Exception {
    try (TestProxy proxy = new TestProxy(Kind.HTTP, null, null);
        WebSocketClient proxied = WebSocketClient.builder().implementation(ClientImplementation.JDK)
            .proxy(ClientProxy.http("127.0.0.1", proxy.port())).build()) {
      CompletableFuture<String> echo = new CompletableFuture<>();
      Session s = proxied.connect("ws://127.0.0.1:" + server.port() + "/echo", new Endpoint() {
        @Override
        public void onText(Session s, String text) {
          echo.complete(text);
        }
      }).get(10, TimeUnit.SECONDS);
      assertThat(proxy.targets().poll(10, TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + server.port());
      s.sendText("via the proxy");
      assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("via the proxy");
      CloseEvent e = s.close().get(10, TimeUnit.SECONDS);
      assertThat(e.wasClean()).isTrue();
    }
  }
}
