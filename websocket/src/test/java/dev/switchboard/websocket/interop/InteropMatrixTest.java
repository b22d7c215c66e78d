package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Closed;
import dev.switchboard.websocket.interop.PeerEvent.Message;
import dev.switchboard.websocket.interop.PeerEvent.Pong;
import dev.switchboard.websocket.interop.Side.Ability;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interop matrix (STYLE.md, testing layer 7): every scenario between Switchboard and each
 * independent implementation, our server with their clients and our client with their servers,
 * plus Switchboard with itself as the baseline; then the same with permessage-deflate agreed
 * ({@link Pairing#DEFLATE}). Every server echoes each data message it receives; clients echo
 * nothing.
 *
 * <p>Peers outside the JVM (Node's {@code ws}, Chromium) need {@code npm ci} in {@code
 * src/test/node} and {@code /usr/bin/chromium}; see {@link ExternalPeers}.
 */
@Timeout(60)
class InteropMatrixTest {

  private static final Peers PEERS = new Peers();

  static Stream<Pairing> pairings() {
    List<Pairing> all = new ArrayList<>();
    all.add(new Pairing("switchboard client -> switchboard server", Peers.OURS, Peers.OURS));
    for (String client : Peers.FOREIGN_CLIENTS) {
      all.add(new Pairing(client + " client -> switchboard server", client, Peers.OURS));
    }
    for (String server : Peers.FOREIGN_SERVERS) {
      all.add(new Pairing("switchboard client -> " + server + " server", Peers.OURS, server));
    }
    // The JDK-backed client behind our API (docs/client.md, "Choosing the implementation").
    all.add(new Pairing("switchboard JDK client -> switchboard server", Peers.OURS_JDK, Peers.OURS));
    for (String server : Peers.FOREIGN_SERVERS) {
      all.add(new Pairing("switchboard JDK client -> " + server + " server", Peers.OURS_JDK, server));
    }
    all.addAll(Pairing.DEFLATE);
    return all.stream();
  }

  private static Link open(Pairing p) throws Exception {
    return Link.open(PEERS, p);
  }

  @AfterAll
  static void stopPeers() throws Exception {
    PEERS.close();
  }

  // ------------------------------------------------------------------ data

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void textMessageRoundTrips(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.client().sendText(Payloads.TEXT);
      assertThat(link.server().events().next(Message.class).text()).isEqualTo(Payloads.TEXT);
      assertThat(link.client().events().next(Message.class).text()).isEqualTo(Payloads.TEXT);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void binaryMessageRoundTrips(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.client().sendBinary(Payloads.BINARY);
      assertBinary(link.server().events().next(Message.class), Payloads.BINARY);
      assertBinary(link.client().events().next(Message.class), Payloads.BINARY);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void fragmentedMessageFromClientArrivesWhole(Pairing p) throws Exception {
    try (Link link = open(p)) {
      assumeTrue(link.client().can(Ability.FRAGMENTS), p.client() + "'s API cannot send fragments");
      link.client().sendFragments(Payloads.FRAGMENTS, null);
      assertWholeFragmentedMessage(link.server());
      assertWholeFragmentedMessage(link.client());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void fragmentedMessageFromServerArrivesWhole(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.server().sendFragments(Payloads.FRAGMENTS, null);
      assertWholeFragmentedMessage(link.client());
    }
  }

  /** RFC 6455 §5.4: control frames may come between the fragments of a message. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void pingBetweenClientFragmentsIsAnsweredAndTheMessageArrivesWhole(Pairing p) throws Exception {
    try (Link link = open(p)) {
      assumeTrue(link.client().can(Ability.FRAGMENTS) && link.client().can(Ability.PING),
          p.client() + "'s API cannot send fragments and pings");
      link.client().sendFragments(Payloads.FRAGMENTS, Payloads.PING);
      assertWholeFragmentedMessage(link.server());
      assertThat(link.client().events().next(Pong.class).payload()).isEqualTo(Payloads.PING);
      assertWholeFragmentedMessage(link.client());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void pingBetweenServerFragmentsIsAnsweredAndTheMessageArrivesWhole(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.server().sendFragments(Payloads.FRAGMENTS, Payloads.PING);
      assertWholeFragmentedMessage(link.client());
      assertThat(link.server().events().next(Pong.class).payload()).isEqualTo(Payloads.PING);
    }
  }

  static Stream<Arguments> pairingsAndTypes() {
    return pairings().flatMap(p -> Stream.of(MessageType.values()).map(t -> Arguments.of(p, t)));
  }

  /**
   * 16 MiB (our default limit) in one frame from the client, and back from the server; as text,
   * multi-byte characters straddle every chunk boundary of the peers' reads and writes.
   */
  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("pairingsAndTypes")
  void sixteenMebibyteMessageRoundTrips(Pairing p, MessageType type) throws Exception {
    try (Link link = open(p)) {
      link.client().sendLarge(type, Payloads.LARGE_BYTES);
      link.server().events().nextLarge(type, Payloads.LARGE_BYTES);
      link.client().events().nextLarge(type, Payloads.LARGE_BYTES);
    }
  }

  /**
   * One byte over our 16 MiB {@code maxMessageBytes}, sent by the client (and echoed by a
   * foreign server): the Switchboard end closes with 1009 from the frame header alone, and the
   * peer sees 1009.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void messageOverOurLimitClosesWith1009SeenByThePeer(Pairing p) throws Exception {
    try (Link link = open(p)) {
      assumeTrue(link.client().can(Ability.SEND_OVER_16_MIB), p.client() + " cannot send over 16 MiB");
      try {
        link.client().sendLarge(MessageType.BINARY, Payloads.LARGE_BYTES + 1);
      } catch (Exception e) {
        // The receiver may close before the sender has written it all; what each end saw counts.
      }
      Side ours = link.ours();
      Side peer = ours == link.server() ? link.client() : link.server();
      Closed atOurs = ours.events().next(Closed.class);
      assertThat(atOurs.code()).as("%s", atOurs).isEqualTo(1009);
      Closed atPeer = peer.events().next(Closed.class);
      // The JDK's WebSocket cannot send 1009 from a client: 1008 stands in on the wire (docs/client.md).
      int onTheWire = ours == link.client() && Peers.OURS_JDK.equals(p.client()) ? 1008 : 1009;
      assertThat(atPeer.code()).as("%s saw %s", peer.name(), atPeer).isEqualTo(onTheWire);
    }
  }

  // ------------------------------------------------------------------ ping and pong

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void clientPingIsAnsweredWithItsPayload(Pairing p) throws Exception {
    try (Link link = open(p)) {
      assumeTrue(link.client().can(Ability.PING), p.client() + "'s API cannot send pings");
      link.client().ping(Payloads.PING);
      assertThat(link.client().events().next(Pong.class).payload()).isEqualTo(Payloads.PING);
      if (link.server().isOurs()) {
        assertThat(link.server().events().next(PeerEvent.Ping.class).payload()).isEqualTo(Payloads.PING);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void serverPingIsAnsweredWithItsPayload(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.server().ping(Payloads.PING);
      assertThat(link.server().events().next(Pong.class).payload()).isEqualTo(Payloads.PING);
    }
  }

  // ------------------------------------------------------------------ closing

  /** RFC 6455 §7.1.2: the server sees the client's code and reason; the client sees the echo. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void clientCloseIsSeenWithCodeAndReasonByBothSides(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.client().close(4001, "client bye ☃");
      Closed atServer = link.server().events().next(Closed.class);
      assertThat(atServer.code()).isEqualTo(4001);
      assertThat(atServer.reason()).isEqualTo("client bye ☃");
      assertThat(atServer.clean()).isNotEqualTo(false);
      Closed atClient = link.client().events().next(Closed.class);
      assertThat(atClient.code()).isEqualTo(4001);
      assertThat(atClient.clean()).isNotEqualTo(false);
      if (link.client().isOurs()) {
        assertCleanCloseReportsThePeersAnswer(atClient);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void serverCloseIsSeenWithCodeAndReasonByBothSides(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.server().close(4002, "server bye ☃");
      Closed atClient = link.client().events().next(Closed.class);
      assertThat(atClient.code()).isEqualTo(4002);
      assertThat(atClient.reason()).isEqualTo("server bye ☃");
      assertThat(atClient.clean()).isNotEqualTo(false);
      Closed atServer = link.server().events().next(Closed.class);
      if (link.server().isOurs()) {
        assertCleanCloseReportsThePeersAnswer(atServer);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void clientDroppingTcpIsAbnormalClosureAtServer(Pairing p) throws Exception {
    try (Link link = open(p)) {
      assumeTrue(link.client().can(Ability.ABORT), p.client() + "'s API cannot drop the connection");
      link.client().abort();
      assertAbnormal(link.server().events().next(Closed.class));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void serverDroppingTcpIsAbnormalClosureAtClient(Pairing p) throws Exception {
    try (Link link = open(p)) {
      link.server().abort();
      assertAbnormal(link.client().events().next(Closed.class));
    }
  }

  private static void assertWholeFragmentedMessage(Side receiver) throws InterruptedException {
    assertThat(receiver.events().next(Message.class).text()).as(receiver.name()).isEqualTo(String.join("", Payloads.FRAGMENTS));
  }

  private static void assertBinary(Message m, byte[] expected) {
    assertThat(m.type()).isEqualTo(MessageType.BINARY);
    assertThat(m.data()).isEqualTo(expected);
  }

  /**
   * {@code CloseEvent}: when we closed first, the code and reason are ours, whatever the peer
   * answered (Netty's client answers 1000 "Bye"; the JDK and OkHttp echo the code only).
   */
  /**
   * The side that closed first reports the close frame it received (RFC 6455 §7.1.5/§7.1.6), as
   * browsers do: peers echo our code, or answer with their own (Netty's client says 1000 "Bye").
   */
  private static void assertCleanCloseReportsThePeersAnswer(Closed closed) {
    assertThat(closed.clean()).as("clean close of " + closed).isTrue();
    assertThat(dev.switchboard.protocol.CloseCode.isValidOnWire(closed.code())).as("code of " + closed).isTrue();
  }

  private static void assertAbnormal(Closed closed) {
    assertThat(closed.code()).as("close code of " + closed).isEqualTo(1006);
    assertThat(closed.clean()).isNotEqualTo(true);
  }
}
