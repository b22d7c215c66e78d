package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ClientImplementation;
import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.ConnectCancelledException;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectStage;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.ServerTls;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ClientTls} with both {@link ClientImplementation}s against our {@code wss://} server
 * (certificates made at test time): a CA file, trust-all, the JDK's trust store, a certificate
 * for another host, and a cancel while the server sits on our ClientHello.
 */
@Timeout(30)
class ClientTlsTest {

  @TempDir
  static Path dir;

  static TestCertificates localhost;
  static TestCertificates otherHost;
  static WebSocketServer server;
  static WebSocketServer otherServer;

  @BeforeAll
  static void start() throws Exception {
    localhost = TestCertificates.localhost(dir);
    otherHost = TestCertificates.selfSigned(dir, "other", "other.test", "other.test");
    server = echo(ServerTls.of(localhost.certificate(), localhost.key()));
    otherServer = echo(ServerTls.of(otherHost.certificate(), otherHost.key()));
  }

  private static WebSocketServer echo(ServerTls tls) {
    return WebSocketServer.builder().host("127.0.0.1").port(0).ioThreads(1).tls(tls).route("/echo", new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        s.sendText(text);
      }
    }).start();
  }

  @AfterAll
  static void stop() {
    server.shutdown(Duration.ofSeconds(1)).join();
    otherServer.shutdown(Duration.ofSeconds(1)).join();
  }

  private static String url(String host, WebSocketServer s) {
    return "wss://" + host + ":" + s.port() + "/echo";
  }

  private static void echoes(ClientImplementation implementation, ClientTls tls, String url) throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().implementation(implementation).tls(tls).build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      Connection c = client.open(dev.switchboard.websocket.ConnectRequest.to(url).build(),
          conn -> conn.on(ConnectionEvent.TEXT, reply::complete));
      c.toCompletableFuture().get(10, TimeUnit.SECONDS);
      c.sendText("over tls");
      assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("over tls");
      assertThat(c.close().get(10, TimeUnit.SECONDS).wasClean()).isTrue();
    }
  }

  private static void tlsFailure(ClientImplementation implementation, ClientTls tls, String url) {
    try (WebSocketClient client = WebSocketClient.builder().implementation(implementation).tls(tls).build()) {
      Throwable t = catchThrowable(() -> client.connect(url, new Endpoint() {}).get(10, TimeUnit.SECONDS));
      assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketConnectException.class);
      WebSocketConnectException e = (WebSocketConnectException) t.getCause();
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.TLS_FAILURE);
      assertThat(e.isRetryable()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void trustingTheCaFileConnectsByNameAndByAddress(ClientImplementation implementation) throws Exception {
    echoes(implementation, ClientTls.trusting(localhost.certificate()), url("localhost", server));
    echoes(implementation, ClientTls.trusting(localhost.certificate()), url("127.0.0.1", server));
  }

  /** The documented escape hatch for tests: no chain and no host name check. */
  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void trustAllConnectsToACertificateForAnotherHost(ClientImplementation implementation) throws Exception {
    echoes(implementation, ClientTls.insecureTrustAllCertificates(), url("localhost", otherServer));
  }

  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void theCaFileOfACertificateForAnotherHostIsRefused(ClientImplementation implementation) {
    tlsFailure(implementation, ClientTls.trusting(otherHost.certificate()), url("localhost", otherServer));
  }

  /** The JDK's trust store does not know our self-signed certificate. */
  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void systemTrustRefusesASelfSignedCertificate(ClientImplementation implementation) {
    tlsFailure(implementation, ClientTls.systemTrust(), url("localhost", server));
  }

  /**
   * A server that accepts TCP and never answers the ClientHello: cancelling ends the connect at
   * once. Netty knows it is in the TLS stage; the JDK reports no progress, so its stage is TCP.
   */
  @ParameterizedTest
  @EnumSource(ClientImplementation.class)
  void cancelDuringTheTlsHandshake(ClientImplementation implementation) throws Exception {
    try (SilentServer silent = new SilentServer();
        WebSocketClient client = WebSocketClient.builder().implementation(implementation)
            .tls(ClientTls.trusting(localhost.certificate())).build()) {
      Connection c = client.open("wss://127.0.0.1:" + silent.port() + "/echo");
      Socket s = silent.accepted();
      InputStream in = s.getInputStream();
      assertThat(in.read()).as("a TLS handshake record: the ClientHello (RFC 8446 §5.1)").isEqualTo(0x16);
      assertThat(c.cancel()).isTrue();
      Throwable t = catchThrowable(c::join);
      assertThat(t).isInstanceOf(ConnectCancelledException.class);
      assertThat(((ConnectCancelledException) t).stage())
          .isEqualTo(implementation == ClientImplementation.NETTY ? ConnectStage.TLS : ConnectStage.TCP);
      assertThat(c.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1006);
      assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
    }
  }
}
