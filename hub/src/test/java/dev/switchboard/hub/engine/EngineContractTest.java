package dev.switchboard.hub.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.ConnectionFilter;
import dev.switchboard.hub.ConnectionInfo;
import dev.switchboard.hub.ConnectionRequest;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.FakeSink;
import dev.switchboard.hub.GroupMember;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubService;
import dev.switchboard.hub.ManualScheduler;
import dev.switchboard.hub.Message;
import dev.switchboard.hub.Page;
import dev.switchboard.hub.Permission;
import dev.switchboard.hub.SendOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Engine} must do. An engine's test extends this class and supplies fresh
 * engines; cluster engines (Redis) may complete futures and deliver publications asynchronously,
 * so every wait here is bounded. Each test uses its own hub names, so engines sharing a server
 * need not be wiped between tests.
 */
public abstract class EngineContractTest {
  private static final long WAIT_SECONDS = 5;
  private final List<Engine> engines = new ArrayList<>();
  private String hub;

  /** A new engine instance (a new node, for a cluster engine). */
  protected abstract Engine newEngine();

  @BeforeEach
  void pickHub() {
    hub = "contract" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(Engine::close);
  }

  private Engine engine() {
    Engine e = newEngine();
    engines.add(e);
    return e;
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void declaresPresenceCapabilities() {
    assertThat(engine().capabilities()).contains(EngineCapability.PRESENCE,
        EngineCapability.GROUP_MEMBER_LISTING);
  }

  @Test
  void publicationsReachTheHandlerInPublishOrderWithEveryField() throws Exception {
    Engine e = engine();
    BlockingQueue<Publication> received = new LinkedBlockingQueue<>();
    e.broker().subscribe(received::add);
    ConnectionFilter filter = ConnectionFilter.parse("userId eq 'it''s'");
    Message m = Message.fromGroup("g", "alice", DataType.BINARY, new byte[] {0, 1, (byte) 255})
        .withDeadlineNanos(42);
    await(e.broker().publish(new Publication(hub, Target.group("g"), m, Set.of("x"), filter)));
    for (int i = 0; i < 100; i++) {
      await(e.broker().publish(new Publication(hub, Target.user("u"),
          Message.text("m" + i), Set.of(), null)));
    }
    Publication first = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.hub()).isEqualTo(hub);
    assertThat(first.target()).isEqualTo(Target.group("g"));
    assertThat(first.excluded()).containsExactly("x");
    assertThat(first.filter().text()).isEqualTo("userId eq 'it''s'");
    assertThat(first.message().payloadEquals(new byte[] {0, 1, (byte) 255})).isTrue();
    assertThat(first.message().dataType()).isEqualTo(DataType.BINARY);
    assertThat(first.message().group()).isEqualTo("g");
    assertThat(first.message().fromUserId()).isEqualTo("alice");
    assertThat(first.message().deadlineNanos()).isEqualTo(42);
    for (int i = 0; i < 100; i++) {
      Publication p = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(p).isNotNull();
      assertThat(p.message().payloadText()).isEqualTo("m" + i);
      assertThat(p.target()).isEqualTo(Target.user("u"));
    }
  }

  @Test
  void controlCommandsAreAnsweredByTheHandler() throws Exception {
    Engine e = engine();
    List<ControlCommand> seen = new ArrayList<>();
    e.controlBus().subscribe(c -> {
      synchronized (seen) {
        seen.add(c);
      }
      return c instanceof ControlCommand.Close;
    });
    ControlCommand close =
        new ControlCommand.Close(hub, Target.connection("c"), Set.of("d"), "bye");
    assertThat(await(e.controlBus().send(close))).isTrue();
    ControlCommand check = new ControlCommand.PermissionChange(hub, "c",
        ControlCommand.PermissionOp.CHECK, Permission.SEND_TO_GROUP, "g");
    assertThat(await(e.controlBus().send(check))).isFalse();
    synchronized (seen) {
      assertThat(seen).containsExactly(close, check);
    }
  }

  @Test
  void presenceTracksConnectionsUsersAndGroups() throws Exception {
    Presence p = engine().presence();
    assertThat(await(p.connectionExists(hub, "c1"))).isFalse();
    await(p.add(hub, new ConnectionInfo("c1", "alice", Set.of(), ""), "node"));
    await(p.add(hub, new ConnectionInfo("c2", "alice", Set.of(), ""), "node"));
    await(p.join(hub, "c1", "g"));
    await(p.join(hub, "c2", "g"));
    assertThat(await(p.connectionExists(hub, "c1"))).isTrue();
    assertThat(await(p.userExists(hub, "alice"))).isTrue();
    assertThat(await(p.userExists(hub, "ALICE"))).isFalse();
    assertThat(await(p.groupExists(hub, "g"))).isTrue();
    assertThat(await(p.groupExists(hub, "G"))).isFalse();
    await(p.leave(hub, "c1", "g"));
    assertThat(await(p.groupExists(hub, "g"))).isTrue();
    await(p.remove(hub, "c2"));
    assertThat(await(p.groupExists(hub, "g"))).isFalse();
    assertThat(await(p.userExists(hub, "alice"))).isTrue();
    await(p.remove(hub, "c1"));
    assertThat(await(p.userExists(hub, "alice"))).isFalse();
    assertThat(await(p.connectionExists(hub, "c1"))).isFalse();
    await(p.remove(hub, "never"));
  }

  @Test
  void presenceIsolatesHubs() throws Exception {
    Presence p = engine().presence();
    await(p.add(hub, new ConnectionInfo("c1", "alice", Set.of(), ""), "node"));
    await(p.join(hub, "c1", "g"));
    assertThat(await(p.connectionExists(hub + "x", "c1"))).isFalse();
    assertThat(await(p.userExists(hub + "x", "alice"))).isFalse();
    assertThat(await(p.groupExists(hub + "x", "g"))).isFalse();
  }

  @Test
  void groupMembersArePagedWithEachMemberExactlyOnce() throws Exception {
    Presence p = engine().presence();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      String id = "conn-" + i;
      expected.add(id);
      await(p.add(hub, new ConnectionInfo(id, i % 3 == 0 ? null : "user" + i, Set.of(), ""),
          "node"));
      await(p.join(hub, id, "g"));
    }
    List<GroupMember> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<GroupMember> page = await(p.groupMembers(hub, "g", 5, token));
      assertThat(page.items().size()).isBetween(1, 5);
      all.addAll(page.items());
      token = page.continuationToken();
      assertThat(++pages).isLessThanOrEqualTo(5);
    } while (token != null);
    assertThat(all).extracting(GroupMember::connectionId)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(all).filteredOn(m -> m.connectionId().equals("conn-3"))
        .extracting(GroupMember::userId).containsOnlyNulls();
    assertThat(all).filteredOn(m -> m.connectionId().equals("conn-4"))
        .extracting(GroupMember::userId).containsExactly("user4");
    assertThat(await(p.groupMembers(hub, "none", 5, null)).items()).isEmpty();
  }

  @Test
  void aForeignContinuationTokenFails() {
    Presence p = engine().presence();
    assertThatThrownBy(() -> await(p.groupMembers(hub, "g", 5, "%%%")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHubServiceOnTheEngineDeliversAndControls() throws Exception {
    try (HubService service = HubService.builder().engine(engine())
        .scheduler(new ManualScheduler()).build()) {
      Hub h = service.hub(hub);
      FakeSink a = new FakeSink();
      FakeSink b = new FakeSink();
      h.connect(ConnectionRequest.of("a", "alice").withGroups(List.of("g")), a);
      h.connect(ConnectionRequest.of("b", "bob"), b);
      await(h.sendToGroup("g", DataType.TEXT, "hi".getBytes(UTF_8), SendOptions.NONE));
      await(h.addConnectionToGroup("g", "b"));
      await(h.sendToGroup("g", DataType.TEXT, "all".getBytes(UTF_8), SendOptions.NONE));
      await(h.closeConnection("a", "bye"));
      assertThat(await(h.connectionExists("a"))).isFalse();
      assertThat(await(h.groupExists("g"))).isTrue();
      // A cluster engine delivers asynchronously; the in-memory one already has.
      assertThat(b.awaitDeliveries(1, java.time.Duration.ofSeconds(WAIT_SECONDS))).isTrue();
      assertThat(a.awaitDeliveries(2, java.time.Duration.ofSeconds(WAIT_SECONDS))).isTrue();
      assertThat(b.texts()).containsExactly("all");
      assertThat(a.texts()).containsExactly("hi", "all");
      assertThat(a.closes()).hasSize(1);
    }
  }
}
