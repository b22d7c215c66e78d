package dev.switchboard.hub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST-facing operations of {@link Hub} (spec §1.2), with fake sinks. */
class HubOperationsTest {
  final ManualScheduler clock = new ManualScheduler();
  final RecordingListener listener = new RecordingListener();
  final HubService service =
      HubService.builder().scheduler(clock).listener(listener).build();
  final Hub hub = service.hub("Chat");

  @AfterEach
  void close() {
    service.close();
  }

  FakeSink connect(String id, String user, String... groups) {
    FakeSink sink = new FakeSink();
    hub.connect(ConnectionRequest.of(id, user).withGroups(List.of(groups)), sink);
    return sink;
  }

  static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void hubNamesAreCaseInsensitiveAndValidated() {
    assertThat(service.hub("CHAT")).isSameAs(hub);
    assertThat(hub.name()).isEqualTo("chat");
    assertThatThrownBy(() -> service.hub("1abc")).hasMessageContaining("invalid hub name");
    assertThatThrownBy(() -> service.hub("a-b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.hub("a".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(service.hub("a_b`,.[]1").name()).isEqualTo("a_b`,.[]1");
  }

  @Test
  void hubsAreIsolated() {
    FakeSink a = connect("c1", "u");
    FakeSink other = new FakeSink();
    service.hub("other").connect(ConnectionRequest.of("c1", "u"), other);
    hub.sendToAll(DataType.TEXT, text("hi"), SendOptions.NONE).join();
    assertThat(a.texts()).containsExactly("hi");
    assertThat(other.texts()).isEmpty();
  }

  @Test
  void undeclaredHubsAreRefusedWhenNotCreatedOnFirstUse() {
    try (HubService s = HubService.builder().scheduler(clock).createHubsOnFirstUse(false)
        .declareHub("Known").build()) {
      assertThat(s.hub("known").name()).isEqualTo("known");
      assertThatThrownBy(() -> s.hub("unknown")).hasMessageContaining("no hub named");
      assertThat(s.findHub("unknown")).isEmpty();
      assertThat(s.hubNames()).containsExactly("known");
    }
  }

  @Test
  void sendToAllReachesEveryConnectionExceptExcluded() {
    FakeSink a = connect("a", "u1");
    FakeSink b = connect("b", "u2");
    FakeSink c = connect("c", null);
    hub.sendToAll(DataType.JSON, text("{\"x\":1}"), SendOptions.NONE.withExcluded(Set.of("b")))
        .join();
    assertThat(a.texts()).containsExactly("{\"x\":1}");
    assertThat(b.texts()).isEmpty();
    assertThat(c.texts()).containsExactly("{\"x\":1}");
    Message m = a.deliveries().get(0).message();
    assertThat(m.source()).isEqualTo(MessageSource.SERVER);
    assertThat(m.dataType()).isEqualTo(DataType.JSON);
  }

  @Test
  void sendToUserReachesAllOfTheUsersConnections() {
    FakeSink a1 = connect("a1", "alice");
    FakeSink a2 = connect("a2", "alice");
    FakeSink b = connect("b", "bob");
    hub.sendToUser("alice", DataType.BINARY, new byte[] {1, 2}, SendOptions.NONE).join();
    assertThat(a1.deliveries()).hasSize(1);
    assertThat(a2.deliveries()).hasSize(1);
    assertThat(b.deliveries()).isEmpty();
    assertThat(a1.deliveries().get(0).message().payloadEquals(new byte[] {1, 2})).isTrue();
  }

  @Test
  void sendToConnectionAndToAbsentTargetsSucceed() {
    FakeSink a = connect("a", "alice");
    hub.sendToConnection("a", DataType.TEXT, text("one"), SendOptions.NONE).join();
    hub.sendToConnection("nobody", DataType.TEXT, text("x"), SendOptions.NONE).join();
    hub.sendToUser("nobody", DataType.TEXT, text("x"), SendOptions.NONE).join();
    hub.sendToGroup("nothing", DataType.TEXT, text("x"), SendOptions.NONE).join();
    assertThat(a.texts()).containsExactly("one");
  }

  @Test
  void sendToGroupIsFromGroupWithoutUserAndHonoursExclusionsAndFilter() {
    FakeSink a = connect("a", "alice", "g");
    FakeSink b = connect("b", "bob", "g");
    FakeSink c = connect("c", "carol", "g");
    FakeSink d = connect("d", "dave");
    hub.sendToGroup("g", DataType.TEXT, text("m"),
        new SendOptions(Set.of("a"), "userId ne 'Carol'", Duration.ZERO)).join();
    assertThat(a.texts()).isEmpty();
    assertThat(b.texts()).containsExactly("m");
    assertThat(c.texts()).isEmpty();
    assertThat(d.texts()).isEmpty();
    Message m = b.deliveries().get(0).message();
    assertThat(m.source()).isEqualTo(MessageSource.GROUP);
    assertThat(m.group()).isEqualTo("g");
    assertThat(m.fromUserId()).isNull();
  }

  @Test
  void sendFilterSelectsByGroupsAndProtocol() {
    FakeSink a = connect("a", "alice", "admins");
    FakeSink b = new FakeSink();
    hub.connect(ConnectionRequest.of("b", "bob").withProtocol("json.webpubsub.azure.v1", false),
        b);
    hub.sendToAll(DataType.TEXT, text("1"), SendOptions.NONE.withFilter("'admins' in groups"))
        .join();
    hub.sendToAll(DataType.TEXT, text("2"),
        SendOptions.NONE.withFilter("protocol eq 'json.webpubsub.azure.v1'")).join();
    assertThat(a.texts()).containsExactly("1");
    assertThat(b.texts()).containsExactly("2");
  }

  @Test
  void invalidSendArgumentsThrowAtTheCall() {
    assertThatThrownBy(() -> hub.sendToAll(DataType.TEXT, text("x"),
        SendOptions.NONE.withFilter("userId eq")))
        .isInstanceOf(FilterException.class).hasMessageContaining("position 9");
    assertThatThrownBy(() -> SendOptions.NONE.withTtl(Duration.ofSeconds(301)))
        .hasMessageContaining("messageTtlSeconds must be 0 to 300");
    assertThatThrownBy(() -> hub.sendToGroup(" ", DataType.TEXT, text("x"), SendOptions.NONE))
        .hasMessageContaining("invalid group name");
    assertThatThrownBy(() -> hub.sendToGroup("g".repeat(1025), DataType.TEXT, text("x"),
        SendOptions.NONE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hub.sendToUser("", DataType.TEXT, text("x"), SendOptions.NONE))
        .hasMessageContaining("userId must not be empty");
  }

  @Test
  void messageTtlDropsMessagesNotDeliveredInTime() {
    Message m = Message.text("x").withDeadlineNanos(clock.nanoTime() + 5);
    assertThat(m.isExpired(clock.nanoTime())).isFalse();
    assertThat(m.isExpired(clock.nanoTime() + 5)).isTrue();
    assertThat(Message.text("x").isExpired(Long.MAX_VALUE - 1)).isFalse();
    FakeSink a = connect("a", "u");
    hub.sendToAll(DataType.TEXT, text("ttl"), SendOptions.NONE.withTtl(Duration.ofSeconds(10)))
        .join();
    Message delivered = a.deliveries().get(0).message();
    assertThat(delivered.isExpired(clock.nanoTime())).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(delivered.isExpired(clock.nanoTime())).isTrue();
  }

  @Test
  void groupMembershipByConnection() {
    FakeSink a = connect("a", "alice");
    assertThat(hub.groupExists("g").join()).isFalse();
    assertThat(hub.addConnectionToGroup("g", "a").join()).isTrue();
    assertThat(hub.addConnectionToGroup("g", "missing").join()).isFalse();
    assertThat(hub.groupExists("g").join()).isTrue();
    hub.sendToGroup("g", DataType.TEXT, text("1"), SendOptions.NONE).join();
    hub.removeConnectionFromGroup("g", "a").join();
    hub.removeConnectionFromGroup("g", "a").join();
    hub.sendToGroup("g", DataType.TEXT, text("2"), SendOptions.NONE).join();
    assertThat(a.texts()).containsExactly("1");
    assertThat(hub.groupExists("g").join()).isFalse();
    hub.addConnectionToGroup("g1", "a").join();
    hub.addConnectionToGroup("g2", "a").join();
    hub.removeConnectionFromAllGroups("a").join();
    assertThat(hub.groupExists("g1").join()).isFalse();
    assertThat(hub.groupExists("g2").join()).isFalse();
    assertThat(hub.localConnection("a").orElseThrow().groups()).isEmpty();
  }

  @Test
  void groupNamesAreCaseSensitive() {
    FakeSink a = connect("a", "alice", "Team");
    hub.sendToGroup("team", DataType.TEXT, text("x"), SendOptions.NONE).join();
    assertThat(a.texts()).isEmpty();
  }

  @Test
  void addUserToGroupAffectsOnlyCurrentConnections() {
    FakeSink a1 = connect("a1", "alice");
    assertThat(hub.addUserToGroup("alice", "g").join()).isTrue();
    assertThat(hub.addUserToGroup("nobody", "g").join()).isFalse();
    FakeSink a2 = connect("a2", "alice");
    hub.sendToGroup("g", DataType.TEXT, text("1"), SendOptions.NONE).join();
    assertThat(a1.texts()).containsExactly("1");
    assertThat(a2.texts()).isEmpty();
    hub.addUserToGroup("alice", "g").join();
    hub.addUserToGroup("alice", "h").join();
    hub.removeUserFromGroup("alice", "g").join();
    assertThat(hub.groupExists("g").join()).isFalse();
    assertThat(hub.groupExists("h").join()).isTrue();
    hub.removeUserFromAllGroups("alice").join();
    assertThat(hub.groupExists("h").join()).isFalse();
  }

  @Test
  void addAndRemoveByFilter() {
    connect("a", "alice");
    connect("b", "bob");
    hub.addConnectionsToGroups(List.of("g1", "g2"), "userId eq 'alice'").join();
    assertThat(hub.localConnection("a").orElseThrow().groups()).containsExactlyInAnyOrder("g1",
        "g2");
    assertThat(hub.localConnection("b").orElseThrow().groups()).isEmpty();
    hub.addConnectionsToGroups(List.of("all"), null).join();
    assertThat(hub.localConnection("b").orElseThrow().groups()).containsExactly("all");
    hub.removeConnectionsFromGroups(List.of("g1", "all"), "'g2' in groups").join();
    assertThat(hub.localConnection("a").orElseThrow().groups()).containsExactly("g2");
    assertThat(hub.localConnection("b").orElseThrow().groups()).containsExactly("all");
    assertThatThrownBy(() -> hub.addConnectionsToGroups(List.of(), null))
        .hasMessageContaining("at least one group");
    assertThatThrownBy(() -> hub.addConnectionsToGroups(List.of("g"), "groups"))
        .isInstanceOf(FilterException.class);
  }

  @Test
  void closeConnectionClosesSinkWithReasonAndFiresDisconnectedOnce() {
    FakeSink a = connect("a", "alice", "g");
    hub.closeConnection("a", "bye").join();
    hub.closeConnection("a", "again").join();
    assertThat(a.closes()).containsExactly(new CloseReason(1000, "bye"));
    assertThat(listener.events()).containsExactly("connected a", "disconnected a bye");
    assertThat(hub.connectionExists("a").join()).isFalse();
    assertThat(hub.userExists("alice").join()).isFalse();
    assertThat(hub.groupExists("g").join()).isFalse();
    hub.sendToAll(DataType.TEXT, text("late"), SendOptions.NONE).join();
    assertThat(a.deliveries()).isEmpty();
    Connection gone = hub.localConnection("a").orElse(null);
    assertThat(gone).isNull();
  }

  @Test
  void closeAllGroupAndUserHonourExclusions() {
    FakeSink a = connect("a", "alice", "g");
    FakeSink b = connect("b", "bob", "g");
    FakeSink c = connect("c", "bob");
    FakeSink d = connect("d", "dave");
    hub.closeGroupConnections("g", Set.of("a"), "group").join();
    assertThat(a.closes()).isEmpty();
    assertThat(b.closes()).containsExactly(CloseReason.normal("group"));
    hub.closeUserConnections("bob", Set.of(), "user").join();
    assertThat(c.closes()).containsExactly(CloseReason.normal("user"));
    hub.closeAllConnections(Set.of("d"), "all").join();
    assertThat(a.closes()).containsExactly(CloseReason.normal("all"));
    assertThat(d.closes()).isEmpty();
    assertThat(hub.connectionExists("d").join()).isTrue();
  }

  @Test
  void existsChecks() {
    assertThat(hub.connectionExists("a").join()).isFalse();
    assertThat(hub.userExists("alice").join()).isFalse();
    FakeSink sink = connect("a", "alice", "g");
    assertThat(hub.connectionExists("a").join()).isTrue();
    assertThat(hub.userExists("alice").join()).isTrue();
    assertThat(hub.userExists("Alice").join()).isFalse();
    assertThat(hub.groupExists("g").join()).isTrue();
    hub.localConnection("a").orElseThrow().transportClosed(sink, "client left", false);
    assertThat(hub.connectionExists("a").join()).isFalse();
    assertThat(hub.userExists("alice").join()).isFalse();
    assertThat(hub.groupExists("g").join()).isFalse();
    assertThat(listener.events()).containsExactly("connected a",
        "disconnected a client left");
  }

  @Test
  void listGroupMembersPagesWithContinuationTokens() {
    for (int i = 0; i < 7; i++) {
      connect("c" + i, i % 2 == 0 ? "even" : null, "g");
    }
    connect("other", "x");
    List<GroupMember> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<GroupMember> page = hub.listGroupMembers("g", 3, token).join();
      assertThat(page.items().size()).isLessThanOrEqualTo(3);
      all.addAll(page.items());
      token = page.continuationToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(all).extracting(GroupMember::connectionId)
        .containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
    assertThat(all.get(0).userId()).isEqualTo("even");
    assertThat(all.get(1).userId()).isNull();
    assertThat(hub.listGroupMembers("empty", 10, null).join().items()).isEmpty();
    assertThatThrownBy(() -> hub.listGroupMembers("g", 201, null))
        .hasMessageContaining("maxpagesize must be 1 to 200");
    assertThatThrownBy(() -> hub.listGroupMembers("g", 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hub.listGroupMembers("g", 3, "not base64 !").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void permissionsGrantRevokeCheck() {
    connect("a", "alice");
    Connection a = hub.localConnection("a").orElseThrow();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", null).join()).isFalse();
    assertThat(hub.grantPermission(Permission.SEND_TO_GROUP, "a", "g").join()).isTrue();
    assertThat(hub.grantPermission(Permission.SEND_TO_GROUP, "missing", "g").join()).isFalse();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", "g").join()).isTrue();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", "h").join()).isFalse();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", null).join()).isFalse();
    assertThat(hub.checkPermission(Permission.JOIN_LEAVE_GROUP, "a", "g").join()).isFalse();
    hub.grantPermission(Permission.SEND_TO_GROUP, "a", null).join();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", null).join()).isTrue();
    assertThat(a.hasPermission(Permission.SEND_TO_GROUP, "anything")).isTrue();
    hub.revokePermission(Permission.SEND_TO_GROUP, "a", "secret").join();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", "secret").join()).isFalse();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", "other").join()).isTrue();
    hub.grantPermission(Permission.SEND_TO_GROUP, "a", "secret").join();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", "secret").join()).isTrue();
    hub.revokePermission(Permission.SEND_TO_GROUP, "a", null).join();
    assertThat(hub.checkPermission(Permission.SEND_TO_GROUP, "a", "g").join()).isFalse();
    assertThat(Permission.parse("joinleavegroup")).isEqualTo(Permission.JOIN_LEAVE_GROUP);
    assertThatThrownBy(() -> Permission.parse("admin")).hasMessageContaining("joinLeaveGroup");
  }

  @Test
  void connectionIdsAreUniqueAndUnguessable() {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = hub.newConnectionId();
      assertThat(id).matches("[A-Za-z0-9_-]{22}");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
    connect("dup", "u");
    assertThatThrownBy(() -> connect("dup", "u")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void messagesAreEncodedOncePerWireFormat() {
    List<FakeSink> json = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      FakeSink s = new FakeSink("json");
      hub.connect(ConnectionRequest.of("j" + i, null), s);
      json.add(s);
    }
    FakeSink proto = new FakeSink("protobuf");
    hub.connect(ConnectionRequest.of("p", null), proto);
    hub.sendToAll(DataType.TEXT, text("hello"), SendOptions.NONE).join();
    AtomicInteger encodings = new AtomicInteger();
    Object first = null;
    for (FakeSink s : json) {
      Message m = s.deliveries().get(0).message();
      Object encoded = m.encoded(s.encoding(), msg -> {
        encodings.incrementAndGet();
        return ("{\"data\":\"" + msg.payloadText() + "\"}").getBytes(UTF_8);
      });
      if (first == null) {
        first = encoded;
      }
      assertThat(encoded).isSameAs(first);
    }
    Message pm = proto.deliveries().get(0).message();
    pm.encoded(proto.encoding(), msg -> {
      encodings.incrementAndGet();
      return new byte[] {1};
    });
    assertThat(encodings.get()).isEqualTo(2);
  }

  @Test
  void rolesWithInvalidPatternsAreRefusedAtConnect() {
    assertThatThrownBy(() -> hub.connect(ConnectionRequest.of("x", null)
        .withRoles(List.of("webpubsub.sendToGroups.******")), new FakeSink()))
        .hasMessageContaining("at most 5");
    assertThat(hub.connectionExists("x").join()).isFalse();
  }
}
