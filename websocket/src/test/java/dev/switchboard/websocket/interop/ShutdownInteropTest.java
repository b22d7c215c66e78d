package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.interop.PeerEvent.Closed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code WebSocketServer.shutdown}: every client, ours and foreign, is closed with 1001 and the
 * server's reason, and the shutdown completes when their closing handshakes do, long before its
 * deadline.
 */
@Timeout(60)
class ShutdownInteropTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Peers PEERS = new Peers();

  @AfterAll
  static void stopPeers() throws Exception {
    PEERS.close();
  }

  static Stream<String> clients() {
    return Stream.concat(Stream.of(Peers.OURS), Peers.FOREIGN_CLIENTS.stream());
  }

  @ParameterizedTest(name = "{0} clients")
  @MethodSource("clients")
  void shutdownClosesEverySessionWithGoingAwayAndEndsWithTheirHandshakes(String clientName) throws Exception {
    Peer.Client client = PEERS.client(clientName);
    try (OurPeers.Server server = new OurPeers.Server(null)) {
      List<Side> clients = List.of(client.connect(server.uri()), client.connect(server.uri()));
      List<Side> sessions = List.of(server.accepted(), server.accepted());
      long start = System.nanoTime();
      CompletableFuture<Void> done = server.server().shutdown(DEADLINE);
      for (Side c : clients) {
        Closed closed = c.events().next(Closed.class);
        assertThat(closed.code()).as("%s saw %s", c.name(), closed).isEqualTo(1001);
        assertThat(closed.reason()).isEqualTo("server shutting down");
      }
      for (Side s : sessions) {
        // Our sessions report the client's answer (RFC 6455 §7.1.5), which must be clean.
        Closed closed = s.events().next(Closed.class);
        assertThat(closed.clean()).as("session saw %s", closed).isTrue();
      }
      done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      clients.forEach(Side::dispose);
    }
  }
}
