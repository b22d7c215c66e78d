package dev.switchboard.hub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reliable protocol's core (spec §3.6): sequence ids, acks, replay, overflow, recovery. */
class ReliableConnectionTest {
  final ManualScheduler clock = new ManualScheduler();
  final RecordingListener listener = new RecordingListener();
  HubService service = build(HubLimits.DEFAULT);
  Hub hub = service.hub("chat");

  HubService build(HubLimits limits) {
    return HubService.builder().scheduler(clock).listener(listener).limits(limits).build();
  }

  @AfterEach
  void close() {
    service.close();
  }

  Connection connect(String id, FakeSink sink) {
    return hub.connect(ConnectionRequest.of(id, "u").withGroups(List.of("g"))
        .withProtocol("json.reliable.webpubsub.azure.v1", true), sink);
  }

  void send(String text) {
    hub.sendToGroup("g", DataType.TEXT, text.getBytes(UTF_8), SendOptions.NONE).join();
  }

  @Test
  void messagesCarrySequenceIdsFromOnePerConnection() {
    FakeSink a = new FakeSink();
    FakeSink plain = new FakeSink();
    connect("a", a);
    hub.connect(ConnectionRequest.of("p", null).withGroups(List.of("g")), plain);
    send("1");
    send("2");
    FakeSink b = new FakeSink();
    connect("b", b);
    send("3");
    assertThat(a.sequenceIds()).containsExactly(1L, 2L, 3L);
    assertThat(b.sequenceIds()).containsExactly(1L);
    assertThat(plain.sequenceIds()).containsExactly(0L, 0L, 0L);
  }

  @Test
  void resumeReplaysEveryUnackedMessageInOrderWithOriginalIds() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    send("1");
    send("2");
    send("3");
    c.sequenceAck(1);
    c.transportClosed(first, "network", true);
    assertThat(c.state()).isEqualTo(Connection.State.DETACHED);
    send("4");
    assertThat(first.deliveries()).hasSize(3);
    assertThat(hub.connectionExists("a").join()).isTrue();
    clock.advance(Duration.ofSeconds(29));
    FakeSink second = new FakeSink();
    assertThat(hub.resume("a", second)).containsSame(c);
    assertThat(second.texts()).containsExactly("2", "3", "4");
    assertThat(second.sequenceIds()).containsExactly(2L, 3L, 4L);
    send("5");
    assertThat(second.sequenceIds()).containsExactly(2L, 3L, 4L, 5L);
    assertThat(c.groups()).containsExactly("g");
    clock.advance(Duration.ofSeconds(60));
    assertThat(c.state()).isEqualTo(Connection.State.OPEN);
    assertThat(listener.events()).containsExactly("connected a");
  }

  @Test
  void resumeKeepsPermissionsAndAckHistory() {
    FakeSink first = new FakeSink();
    Connection c = hub.connect(ConnectionRequest.of("a", "u")
        .withRoles(List.of("webpubsub.joinLeaveGroup"))
        .withProtocol("json.reliable.webpubsub.azure.v1", true), first);
    c.joinGroup("x", 9L).join();
    c.transportClosed(first, "drop", true);
    hub.resume("a", new FakeSink()).orElseThrow();
    assertThat(c.joinGroup("x", 9L).join().status()).isEqualTo(ClientResult.Status.DUPLICATE);
    assertThat(c.hasPermission(Permission.JOIN_LEAVE_GROUP, "y")).isTrue();
  }

  @Test
  void cumulativeAckDropsEverythingUpToTheId() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    for (int i = 1; i <= 5; i++) {
      send(String.valueOf(i));
    }
    c.sequenceAck(4);
    c.sequenceAck(2);
    c.sequenceAck(1_000);
    send("6");
    FakeSink second = new FakeSink();
    c.transportClosed(first, "x", true);
    hub.resume("a", second);
    assertThat(second.sequenceIds()).containsExactly(6L);
  }

  @Test
  void recoveryWindowExpiryEndsTheConnectionOnce() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    c.transportClosed(first, "network", true);
    c.transportClosed(first, "network", true);
    clock.advance(Duration.ofSeconds(30));
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(hub.resume("a", new FakeSink())).isEmpty();
    assertThat(hub.connectionExists("a").join()).isFalse();
    assertThat(hub.groupExists("g").join()).isFalse();
    assertThat(listener.events()).containsExactly("connected a",
        "disconnected a the recovery window expired after: network");
    assertThat(first.closes()).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void recoveryWindowIsConfigurable() {
    service.close();
    service = build(HubLimits.DEFAULT.withRecoveryWindow(Duration.ofMinutes(2)));
    hub = service.hub("chat");
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    c.transportClosed(first, "x", true);
    clock.advance(Duration.ofSeconds(119));
    assertThat(c.state()).isEqualTo(Connection.State.DETACHED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
  }

  @Test
  void aResumeCancelsTheExpiryAndASecondDropStartsANewWindow() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    c.transportClosed(first, "x", true);
    clock.advance(Duration.ofSeconds(20));
    FakeSink second = new FakeSink();
    hub.resume("a", second);
    clock.advance(Duration.ofSeconds(20));
    c.transportClosed(second, "y", true);
    clock.advance(Duration.ofSeconds(20));
    assertThat(c.state()).isEqualTo(Connection.State.DETACHED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
  }

  @Test
  void unrecoverableDropAndNonReliableConnectionsEndAtOnce() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    c.transportClosed(first, "client closed", false);
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
    FakeSink plain = new FakeSink();
    Connection p = hub.connect(ConnectionRequest.of("p", null), plain);
    p.transportClosed(plain, "gone", true);
    assertThat(p.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(hub.resume("p", new FakeSink())).isEmpty();
    assertThat(listener.events()).containsExactly("connected a",
        "disconnected a client closed", "connected p", "disconnected p gone");
  }

  @Test
  void restCloseMakesTheConnectionUnrecoverable() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    hub.closeConnection("a", "kicked").join();
    c.transportClosed(first, "closed", true);
    assertThat(hub.resume("a", new FakeSink())).isEmpty();
    assertThat(first.closes()).containsExactly(CloseReason.normal("kicked"));
    assertThat(listener.events()).containsExactly("connected a", "disconnected a kicked");
  }

  @Test
  void restCloseOfADetachedConnectionEndsIt() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    c.transportClosed(first, "drop", true);
    hub.closeConnection("a", "kicked").join();
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.events()).containsExactly("connected a", "disconnected a kicked");
    clock.advance(Duration.ofMinutes(1));
    assertThat(listener.events()).hasSize(2);
  }

  @Test
  void overflowByCountClosesWith1008Unrecoverably() {
    service.close();
    service = build(HubLimits.DEFAULT.withReplayMaxMessages(3));
    hub = service.hub("chat");
    FakeSink sink = new FakeSink();
    Connection c = connect("a", sink);
    send("1");
    send("2");
    send("3");
    c.sequenceAck(1);
    send("4");
    assertThat(c.state()).isEqualTo(Connection.State.OPEN);
    send("5");
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(sink.texts()).containsExactly("1", "2", "3", "4");
    assertThat(sink.closes()).hasSize(1);
    assertThat(sink.closes().get(0).code()).isEqualTo(1008);
    assertThat(sink.closes().get(0).reason()).contains("replay buffer is full");
    assertThat(hub.resume("a", new FakeSink())).isEmpty();
    assertThat(listener.events()).hasSize(2);
    assertThat(listener.events().get(1)).startsWith("disconnected a the replay buffer is full");
  }

  @Test
  void overflowByBytesWhileDetachedEndsTheConnection() {
    service.close();
    service = build(HubLimits.DEFAULT.withReplayMaxBytes(10));
    hub = service.hub("chat");
    FakeSink sink = new FakeSink();
    Connection c = connect("a", sink);
    send("12345");
    c.transportClosed(sink, "drop", true);
    send("12345");
    assertThat(c.state()).isEqualTo(Connection.State.DETACHED);
    send("1");
    assertThat(c.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(sink.closes()).isEmpty();
    assertThat(listener.events()).hasSize(2);
  }

  @Test
  void expiredMessagesAreNotReplayed() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    hub.sendToGroup("g", DataType.TEXT, "short".getBytes(UTF_8),
        SendOptions.NONE.withTtl(Duration.ofSeconds(5))).join();
    c.transportClosed(first, "drop", true);
    hub.sendToGroup("g", DataType.TEXT, "brief".getBytes(UTF_8),
        SendOptions.NONE.withTtl(Duration.ofSeconds(5))).join();
    send("forever");
    clock.advance(Duration.ofSeconds(6));
    hub.sendToGroup("g", DataType.TEXT, "fresh".getBytes(UTF_8),
        SendOptions.NONE.withTtl(Duration.ofSeconds(5))).join();
    FakeSink second = new FakeSink();
    hub.resume("a", second);
    assertThat(second.texts()).containsExactly("forever", "fresh");
    assertThat(second.sequenceIds()).containsExactly(3L, 4L);
  }

  @Test
  void resumingAnAttachedConnectionReplacesTheOldTransport() {
    FakeSink first = new FakeSink();
    Connection c = connect("a", first);
    send("1");
    FakeSink second = new FakeSink();
    hub.resume("a", second).orElseThrow();
    assertThat(first.closes()).containsExactly(
        CloseReason.normal("replaced by a resumed transport"));
    c.transportClosed(first, "old socket closed", false);
    assertThat(c.state()).isEqualTo(Connection.State.OPEN);
    send("2");
    assertThat(second.texts()).containsExactly("1", "2");
    assertThat(listener.events()).containsExactly("connected a");
  }
}
