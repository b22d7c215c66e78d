package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ClientImplementation;
import dev.switchboard.websocket.ClientProxy;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our client through real proxies from Debian packages, started by the test ({@link
 * DebianProxy}): tinyproxy for HTTP CONNECT (both implementations; Basic credentials with Netty,
 * as the JDK sends none on CONNECT) and Dante's danted for SOCKS5. Skipped, saying which package
 * to install, when a binary is missing.
 */
@Timeout(60)
class RealProxyTest {

  static WebSocketServer echo;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    echo = WebSocketServer.builder().host("127.0.0.1").port(0).route("/echo", new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        s.sendText(text);
      }
    }).start();
  }

  @AfterAll
  static void stop() {
    echo.shutdown(Duration.ofSeconds(1)).join();
  }

  private static String echoUrl() {
    return "ws://127.0.0.1:" + echo.port() + "/echo";
  }

  /** Connects through {@code proxy}, echoes one message, closes cleanly. */
  private static void echoesThrough(ClientImplementation implementation, ClientProxy proxy, DebianProxy real)
      throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().implementation(implementation).build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      Connection c = client.open(ConnectRequest.to(echoUrl()).proxy(proxy).build(),
          conn -> conn.on(ConnectionEvent.TEXT, reply::complete));
      c.toCompletableFuture().get(10, TimeUnit.SECONDS);
      c.sendText("through " + real.port());
      assertThat(reply.get(10, TimeUnit.SECONDS)).as(real.log()).isEqualTo("through " + real.port());
      assertThat(c.close().get(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
    }
  }

  private static WebSocketConnectException fails(ClientImplementation implementation, ClientProxy proxy) {
    try (WebSocketClient client = WebSocketClient.builder().implementation(implementation).build()) {
      Throwable t = catchThrowable(() -> client.connect(ConnectRequest.to(echoUrl()).proxy(proxy).build(),
          new Endpoint() {}).get(10, TimeUnit.SECONDS));
      assertThat(t).as("the connect fails").isNotNull();
      Throwable cause = t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException
          ? t.getCause() : t;
      assertThat(cause).isInstanceOf(WebSocketConnectException.class);
      return (WebSocketConnectException) cause;
    }
  }

  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void echoThroughTinyproxy(ClientImplementation implementation) throws Exception {
    try (DebianProxy tinyproxy = DebianProxy.tinyproxy(dir, null, null)) {
      echoesThrough(implementation, ClientProxy.http("127.0.0.1", tinyproxy.port()), tinyproxy);
      assertThat(tinyproxy.log()).contains("CONNECT 127.0.0.1:" + echo.port());
    }
  }

  @Test
  void echoThroughTinyproxyWithBasicCredentials() throws Exception {
    try (DebianProxy tinyproxy = DebianProxy.tinyproxy(dir, "alice", "s3cret")) {
      echoesThrough(ClientImplementation.NETTY,
          ClientProxy.http("127.0.0.1", tinyproxy.port()).withCredentials("alice", "s3cret"), tinyproxy);
    }
  }

  @Test
  void aWrongPasswordAtTinyproxyIsProxyAuthFailure() throws Exception {
    try (DebianProxy tinyproxy = DebianProxy.tinyproxy(dir, "alice", "s3cret")) {
      WebSocketConnectException e = fails(ClientImplementation.NETTY,
          ClientProxy.http("127.0.0.1", tinyproxy.port()).withCredentials("alice", "wrong"));
      assertThat(e.failure()).as(e + "\n" + tinyproxy.log()).isEqualTo(ConnectFailure.PROXY_AUTH_FAILURE);
      assertThat(e.isRetryable()).isFalse();
    }
  }

  /** The JDK sends no Basic credentials on CONNECT: tinyproxy's 407 is a clear auth failure. */
  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void noCredentialsAtTinyproxyWithBasicAuthIsProxyAuthFailure(ClientImplementation implementation) throws Exception {
    try (DebianProxy tinyproxy = DebianProxy.tinyproxy(dir, "alice", "s3cret")) {
      WebSocketConnectException e = fails(implementation, ClientProxy.http("127.0.0.1", tinyproxy.port()));
      assertThat(e.failure()).as(e + "\n" + tinyproxy.log()).isEqualTo(ConnectFailure.PROXY_AUTH_FAILURE);
    }
  }

  @Test
  void echoThroughDanteSocks5() throws Exception {
    try (DebianProxy danted = DebianProxy.danted(dir)) {
      echoesThrough(ClientImplementation.NETTY, ClientProxy.socks5("127.0.0.1", danted.port()), danted);
    }
  }

  @Test
  void aTargetNobodyListensOnThroughDanteIsProxyFailure() throws Exception {
    try (DebianProxy danted = DebianProxy.danted(dir);
        WebSocketClient client = WebSocketClient.builder().build()) {
      String url = "ws://127.0.0.1:" + ConnectionRetryTest.closedPort() + "/";
      Throwable t = catchThrowable(() -> client.connect(ConnectRequest.to(url)
          .proxy(ClientProxy.socks5("127.0.0.1", danted.port())).build(), new Endpoint() {}).get(10, TimeUnit.SECONDS));
      assertThat(t.getCause()).isInstanceOf(WebSocketConnectException.class);
      WebSocketConnectException e = (WebSocketConnectException) t.getCause();
      assertThat(e.failure()).as(e + "\n" + danted.log()).isEqualTo(ConnectFailure.PROXY_FAILURE);
    }
  }
}
