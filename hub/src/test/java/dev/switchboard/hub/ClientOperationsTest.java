package dev.switchboard.hub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client-originated operations: join/leave/publish with permissions, acks, user events. */
class ClientOperationsTest {
  final ManualScheduler clock = new ManualScheduler();
  CompletableFuture<Optional<Message>> upstream = new CompletableFuture<>();
  final HubService service = HubService.builder().scheduler(clock).listener(new HubListener() {
    @Override
    public CompletionStage<Optional<Message>> onUserEvent(Connection c, UserEvent e) {
      return upstream;
    }
  }).build();
  final Hub hub = service.hub("chat");

  @AfterEach
  void close() {
    service.close();
  }

  Connection connect(String id, String user, FakeSink sink, String... roles) {
    return hub.connect(ConnectionRequest.of(id, user).withRoles(List.of(roles)), sink);
  }

  @Test
  void joinWithoutPermissionIsForbidden() {
    Connection c = connect("a", "u", new FakeSink());
    ClientResult r = c.joinGroup("g", 1L).join();
    assertThat(r.status()).isEqualTo(ClientResult.Status.FORBIDDEN);
    assertThat(r.errorName()).isEqualTo("Forbidden");
    assertThat(r.message()).contains("joinLeaveGroup", "'g'");
    assertThat(c.groups()).isEmpty();
    assertThat(c.leaveGroup("g", null).join().status())
        .isEqualTo(ClientResult.Status.FORBIDDEN);
  }

  @Test
  void joinAndLeaveWithPermission() {
    Connection c = connect("a", "u", new FakeSink(), "webpubsub.joinLeaveGroup");
    assertThat(c.joinGroup("g", null).join()).isEqualTo(ClientResult.OK);
    assertThat(hub.groupExists("g").join()).isTrue();
    assertThat(c.leaveGroup("g", null).join().isSuccess()).isTrue();
    assertThat(hub.groupExists("g").join()).isFalse();
  }

  @Test
  void perGroupRolesGrantOnlyThatGroupIncludingDots() {
    Connection c = connect("a", "u", new FakeSink(), "webpubsub.joinLeaveGroup.room.1",
        "webpubsub.sendToGroup.news");
    assertThat(c.joinGroup("room.1", null).join().isSuccess()).isTrue();
    assertThat(c.joinGroup("room", null).join().status())
        .isEqualTo(ClientResult.Status.FORBIDDEN);
    assertThat(c.hasPermission(Permission.SEND_TO_GROUP, "news")).isTrue();
    assertThat(c.hasPermission(Permission.SEND_TO_GROUP, "room.1")).isFalse();
    assertThat(c.hasPermission(Permission.JOIN_LEAVE_GROUP, null)).isFalse();
  }

  @Test
  void wildcardRolesMatchPatterns() {
    Connection c = connect("a", "u", new FakeSink(), "webpubsub.joinLeaveGroups.room.*",
        "webpubsub.sendToGroups.feed.**", "webpubsub.sendToGroups.q?");
    assertThat(c.hasPermission(Permission.JOIN_LEAVE_GROUP, "room.1")).isTrue();
    assertThat(c.hasPermission(Permission.JOIN_LEAVE_GROUP, "room.1.2")).isFalse();
    assertThat(c.hasPermission(Permission.JOIN_LEAVE_GROUP, "Room.1")).isFalse();
    assertThat(c.hasPermission(Permission.SEND_TO_GROUP, "feed.a.b")).isTrue();
    assertThat(c.hasPermission(Permission.SEND_TO_GROUP, "q1")).isTrue();
    assertThat(c.hasPermission(Permission.SEND_TO_GROUP, "q.")).isFalse();
    assertThat(c.hasPermission(Permission.SEND_TO_GROUP, "q12")).isFalse();
  }

  @Test
  void sendToGroupNeedsPermissionCarriesUserIdAndHonoursNoEcho() {
    FakeSink senderSink = new FakeSink();
    FakeSink otherSink = new FakeSink();
    Connection sender = connect("s", "alice", senderSink, "webpubsub.joinLeaveGroup");
    Connection other = connect("o", "bob", otherSink, "webpubsub.joinLeaveGroup");
    sender.joinGroup("g", null).join();
    other.joinGroup("g", null).join();
    byte[] hi = "hi".getBytes(UTF_8);
    assertThat(sender.sendToGroup("g", DataType.TEXT, hi, false, 1L).join().status())
        .isEqualTo(ClientResult.Status.FORBIDDEN);
    assertThat(otherSink.deliveries()).isEmpty();
    hub.grantPermission(Permission.SEND_TO_GROUP, "s", "g").join();
    assertThat(sender.sendToGroup("g", DataType.TEXT, hi, false, 1L).join().isSuccess())
        .isTrue();
    assertThat(sender.sendToGroup("g", DataType.TEXT, hi, true, 2L).join().isSuccess()).isTrue();
    assertThat(senderSink.texts()).containsExactly("hi");
    assertThat(otherSink.texts()).containsExactly("hi", "hi");
    Message m = otherSink.deliveries().get(0).message();
    assertThat(m.source()).isEqualTo(MessageSource.GROUP);
    assertThat(m.group()).isEqualTo("g");
    assertThat(m.fromUserId()).isEqualTo("alice");
  }

  @Test
  void sendingToAGroupDoesNotRequireMembership() {
    FakeSink memberSink = new FakeSink();
    Connection member = connect("m", "m", memberSink, "webpubsub.joinLeaveGroup");
    member.joinGroup("g", null).join();
    Connection outsider = connect("x", "x", new FakeSink(), "webpubsub.sendToGroup");
    assertThat(outsider.sendToGroup("g", DataType.JSON, "1".getBytes(UTF_8), false, null).join()
        .isSuccess()).isTrue();
    assertThat(memberSink.texts()).containsExactly("1");
  }

  @Test
  void repeatedSuccessfulAckIdIsDuplicateButFailedOnesMayBeRetried() {
    Connection c = connect("a", "u", new FakeSink());
    assertThat(c.joinGroup("g", 7L).join().status()).isEqualTo(ClientResult.Status.FORBIDDEN);
    hub.grantPermission(Permission.JOIN_LEAVE_GROUP, "a", null).join();
    assertThat(c.joinGroup("g", 7L).join().isSuccess()).isTrue();
    ClientResult dup = c.leaveGroup("g", 7L).join();
    assertThat(dup.status()).isEqualTo(ClientResult.Status.DUPLICATE);
    assertThat(dup.errorName()).isEqualTo("Duplicate");
    assertThat(c.groups()).containsExactly("g");
    Connection other = connect("b", "u", new FakeSink(), "webpubsub.joinLeaveGroup");
    assertThat(other.joinGroup("g", 7L).join().isSuccess()).isTrue();
  }

  @Test
  void ackHistoryIsBounded() {
    try (HubService s = HubService.builder().scheduler(clock)
        .limits(HubLimits.DEFAULT.withAckIdHistory(2)).build()) {
      Connection c = s.hub("h").connect(ConnectionRequest.of("a", null)
          .withRoles(List.of("webpubsub.joinLeaveGroup")), new FakeSink());
      c.joinGroup("g", 1L).join();
      c.joinGroup("g", 2L).join();
      assertThat(c.joinGroup("g", 1L).join().status()).isEqualTo(ClientResult.Status.DUPLICATE);
      c.joinGroup("g", 3L).join();
      assertThat(c.joinGroup("g", 1L).join().isSuccess()).isTrue();
    }
  }

  @Test
  void invalidGroupIsBadRequest() {
    Connection c = connect("a", "u", new FakeSink(), "webpubsub.joinLeaveGroup");
    ClientResult r = c.joinGroup("", 1L).join();
    assertThat(r.status()).isEqualTo(ClientResult.Status.BAD_REQUEST);
    assertThat(r.errorName()).isEqualTo("BadRequest");
  }

  @Test
  void userEventReplyIsDeliveredBeforeTheAck() {
    FakeSink sink = new FakeSink();
    Connection c = connect("a", "u", sink);
    CompletableFuture<ClientResult> r =
        c.sendEvent(new UserEvent("echo", DataType.TEXT, "q".getBytes(UTF_8)), 1L);
    assertThat(r).isNotDone();
    assertThat(c.sendEvent(new UserEvent("echo", DataType.TEXT, new byte[0]), 1L).join()
        .status()).isEqualTo(ClientResult.Status.DUPLICATE);
    upstream.complete(Optional.of(Message.text("answer")));
    assertThat(r.join().isSuccess()).isTrue();
    assertThat(sink.texts()).containsExactly("answer");
    assertThat(sink.deliveries().get(0).message().source()).isEqualTo(MessageSource.SERVER);
  }

  @Test
  void failingUserEventHandlerIsInternalServerErrorAndRetryable() {
    Connection c = connect("a", "u", new FakeSink());
    upstream.completeExceptionally(new IllegalStateException("upstream said 500"));
    ClientResult r = c.sendEvent(new UserEvent("e", DataType.TEXT, new byte[0]), 5L).join();
    assertThat(r.status()).isEqualTo(ClientResult.Status.INTERNAL_SERVER_ERROR);
    assertThat(r.message()).contains("upstream said 500");
    upstream = CompletableFuture.completedFuture(Optional.empty());
    assertThat(c.sendEvent(new UserEvent("e", DataType.TEXT, new byte[0]), 5L).join()
        .isSuccess()).isTrue();
  }

  @Test
  void defaultListenerFailsUserEvents() {
    try (HubService s = HubService.builder().scheduler(clock).build()) {
      Connection c = s.hub("h").connect(ConnectionRequest.of("a", null), new FakeSink());
      assertThat(c.sendEvent(new UserEvent("e", DataType.TEXT, new byte[0]), null).join()
          .status()).isEqualTo(ClientResult.Status.INTERNAL_SERVER_ERROR);
    }
  }
}
