package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.ServerTls;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.interop.PeerEvent.Closed;
import dev.switchboard.websocket.interop.PeerEvent.Message;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 * {@code wss://}: our server with a self-signed certificate made at test time, and clients that
 * trust exactly that certificate (ours, the JDK's, OkHttp's); what happens to clients that do
 * not; and client certificates.
 */
@Timeout(60)
class TlsInteropTest {

  @TempDir
  static Path dir;

  static TestCertificates serverCert;
  static TestCertificates clientCert;
  static OurPeers.Server server;
  static OurPeers.Server mutualServer;

  @BeforeAll
  static void start() throws Exception {
    serverCert = TestCertificates.localhost(dir);
    clientCert = TestCertificates.selfSigned(dir, "client", "interop client", "client.test");
    server = new OurPeers.Server(ServerTls.of(serverCert.certificate(), serverCert.key()));
    mutualServer = new OurPeers.Server(
        ServerTls.of(serverCert.certificate(), serverCert.key()).withClientCa(clientCert.certificate(), true));
  }

  @AfterAll
  static void stop() {
    server.close();
    mutualServer.close();
  }

  static Stream<Arguments> trustingClients() {
    return Stream.of("switchboard", "jdk", "okhttp")
        .flatMap(client -> Stream.of("localhost", "127.0.0.1").map(host -> Arguments.of(client, host)));
  }

  private static Peer.Client trustingClient(String name) throws Exception {
    return switch (name) {
      case "switchboard" -> new OurPeers.Client(ClientTls.trusting(serverCert.certificate()));
      case "jdk" -> new JdkPeer(serverCert.trustingContext());
      case "okhttp" -> new OkHttpPeer(serverCert.trustingContext(), serverCert.trustManager());
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static URI uri(OurPeers.Server s, String host) {
    return URI.create("wss://" + host + ":" + s.server().port() + "/echo");
  }

  /** The host name is verified against the certificate's DNS and IP subject alternative names. */
  @ParameterizedTest(name = "{0} client to {1}")
  @MethodSource("trustingClients")
  void clientTrustingTheCertificateExchangesMessagesAndCloses(String clientName, String host) throws Exception {
    server.forgetAccepted();
    try (Peer.Client client = trustingClient(clientName)) {
      Side c = client.connect(uri(server, host));
      Side s = server.accepted();
      exchangeAndClose(c, s);
    }
  }

  @Test
  void clientCertificateIsAcceptedByServerRequiringOne() throws Exception {
    mutualServer.forgetAccepted();
    ClientTls tls = ClientTls.trusting(serverCert.certificate())
        .withClientCertificate(clientCert.certificate(), clientCert.key());
    try (OurPeers.Client client = new OurPeers.Client(tls)) {
      exchangeAndClose(client.connect(uri(mutualServer, "localhost")), mutualServer.accepted());
    }
  }

  @Test
  void jdkClientCertificateIsAcceptedByServerRequiringOne() throws Exception {
    mutualServer.forgetAccepted();
    try (JdkPeer client = new JdkPeer(clientCert.clientContext(serverCert))) {
      exchangeAndClose(client.connect(uri(mutualServer, "localhost")), mutualServer.accepted());
    }
  }

  @Test
  void clientWithoutCertificateIsRefusedByServerRequiringOne() {
    assertConnectFails(ClientTls.trusting(serverCert.certificate()), uri(mutualServer, "localhost"));
  }

  /** The JDK's trust store does not know our self-signed certificate. */
  @Test
  void systemTrustRefusesSelfSignedCertificate() {
    assertConnectFails(ClientTls.systemTrust(), uri(server, "localhost"));
  }

  @Test
  void certificateForAnotherHostNameIsRefused() throws Exception {
    TestCertificates other = TestCertificates.selfSigned(dir, "other", "other.test", "other.test");
    try (OurPeers.Server otherServer = new OurPeers.Server(ServerTls.of(other.certificate(), other.key()))) {
      assertConnectFails(ClientTls.trusting(other.certificate()), uri(otherServer, "localhost"));
    }
  }

  /** The documented escape hatch for tests: no chain or host name check at all. */
  @Test
  void insecureTrustAllConnectsDespiteTheHostName() throws Exception {
    TestCertificates other = TestCertificates.selfSigned(dir, "other2", "other.test", "other.test");
    try (OurPeers.Server otherServer = new OurPeers.Server(ServerTls.of(other.certificate(), other.key()));
        OurPeers.Client client = new OurPeers.Client(ClientTls.insecureTrustAllCertificates())) {
      exchangeAndClose(client.connect(uri(otherServer, "localhost")), otherServer.accepted());
    }
  }

  private static void exchangeAndClose(Side client, Side server) throws Exception {
    client.sendText(Payloads.TEXT);
    assertThat(server.events().next(Message.class).text()).isEqualTo(Payloads.TEXT);
    assertThat(client.events().next(Message.class).text()).isEqualTo(Payloads.TEXT);
    client.sendBinary(Payloads.BINARY);
    assertThat(client.events().next(Message.class).data()).isEqualTo(Payloads.BINARY);
    client.close(4001, "tls bye");
    assertThat(server.events().next(Closed.class)).isEqualTo(new Closed(4001, "tls bye", true));
    assertThat(client.events().next(Closed.class).code()).isEqualTo(4001);
  }

  private static void assertConnectFails(ClientTls tls, URI uri) {
    try (WebSocketClient client = WebSocketClient.builder().tls(tls).build()) {
      Throwable t = catchThrowable(() -> client.connect(uri, new Endpoint() {}).get(20, TimeUnit.SECONDS));
      assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketConnectException.class);
      assertThat(((WebSocketConnectException) t.getCause()).failure())
          .as("failure of %s", t.getCause())
          .isEqualTo(ConnectFailure.TLS_FAILURE);
    }
  }
}
