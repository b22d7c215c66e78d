package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ClientProxy;
import dev.switchboard.websocket.ConnectCancelledException;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.ConnectStage;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import dev.switchboard.websocket.interop.TestProxy.Kind;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connections through HTTP CONNECT and SOCKS5 proxies (small ones written in the test). */
@Timeout(30)
class ProxyTest {

  static WebSocketServer echo;
  static WebSocketClient client;

  @BeforeAll
  static void start() {
    echo = WebSocketServer.builder().host("127.0.0.1").port(0).route("/echo", new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        s.sendText(text);
      }
    }).start();
    client = WebSocketClient.builder().build();
  }

  @AfterAll
  static void stop() {
    client.close();
    echo.shutdown(Duration.ofSeconds(1)).join();
  }

  private static ClientProxy proxy(Kind kind, TestProxy p) {
    return kind == Kind.HTTP ? ClientProxy.http("127.0.0.1", p.port()) : ClientProxy.socks5("127.0.0.1", p.port());
  }

  private static String echoUrl() {
    return "ws://127.0.0.1:" + echo.port() + "/echo";
  }

  private static WebSocketConnectException fails(CompletableFuture<?> f) {
    Throwable t = catchThrowable(f::join);
    assertThat(t).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketConnectException.class);
    return (WebSocketConnectException) t.getCause();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void echoThroughTheProxyWithCredentials(Kind kind) throws Exception {
    try (TestProxy p = new TestProxy(kind, "alice", "s3cret:42")) {
      ConnectRequest request = ConnectRequest.to(echoUrl()).proxy(proxy(kind, p).withCredentials("alice", "s3cret:42")).build();
      CompletableFuture<String> reply = new CompletableFuture<>();
      Connection c = client.open(request, conn -> conn.on(ConnectionEvent.TEXT, reply::complete));
      c.join();
      c.sendText("through the tunnel");
      assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("through the tunnel");
      assertThat(p.targets().poll()).isEqualTo("127.0.0.1:" + echo.port());
      c.close().get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void wrongCredentialsAreProxyAuthFailure(Kind kind) throws Exception {
    try (TestProxy p = new TestProxy(kind, "alice", "right")) {
      ConnectRequest request = ConnectRequest.to(echoUrl()).proxy(proxy(kind, p).withCredentials("alice", "wrong")).build();
      WebSocketConnectException e = fails(client.connect(request, new Endpoint() {}));
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.PROXY_AUTH_FAILURE);
      assertThat(e.isRetryable()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void missingCredentialsAreProxyAuthFailure(Kind kind) throws Exception {
    try (TestProxy p = new TestProxy(kind, "alice", "right")) {
      ConnectRequest request = ConnectRequest.to(echoUrl()).proxy(proxy(kind, p)).build();
      WebSocketConnectException e = fails(client.connect(request, new Endpoint() {}));
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.PROXY_AUTH_FAILURE);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void targetUnreachableThroughTheProxyIsProxyFailure(Kind kind) throws Exception {
    try (TestProxy p = new TestProxy(kind, null, null)) {
      String url = "ws://127.0.0.1:" + ConnectionRetryTest.closedPort() + "/";
      WebSocketConnectException e = fails(client.connect(ConnectRequest.to(url).proxy(proxy(kind, p)).build(), new Endpoint() {}));
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.PROXY_FAILURE);
    }
  }

  @Test
  void nothingListeningAtTheProxyIsProxyFailure() throws Exception {
    ClientProxy nowhere = ClientProxy.http("127.0.0.1", ConnectionRetryTest.closedPort());
    WebSocketConnectException e = fails(client.connect(ConnectRequest.to(echoUrl()).proxy(nowhere).build(), new Endpoint() {}));
    assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.PROXY_FAILURE);
    assertThat(e.getMessage()).contains("proxy");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void theClientsProxyAppliesToEveryRequest() throws Exception {
    try (TestProxy p = new TestProxy(Kind.SOCKS5, null, null);
        WebSocketClient proxied = WebSocketClient.builder().proxy(ClientProxy.parse("socks5://127.0.0.1:" + p.port())).build()) {
      proxied.open(echoUrl()).join().close().get(10, TimeUnit.SECONDS);
      assertThat(p.targets().poll()).isEqualTo("127.0.0.1:" + echo.port());
    }
  }

  @Test
  void cancelWhileTheProxyIsSilent() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      Connection c = client.open(ConnectRequest.to(echoUrl()).proxy(ClientProxy.http("127.0.0.1", silent.port())).build());
      Socket s = silent.accepted();
      assertThat(SilentServer.readHead(s)).startsWith("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1");
      c.cancel();
      ConnectCancelledException e = (ConnectCancelledException) catchThrowable(c::join);
      assertThat(e.stage()).isEqualTo(ConnectStage.PROXY);
    }
  }
}
