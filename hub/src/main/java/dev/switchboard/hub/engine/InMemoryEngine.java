package dev.switchboard.hub.engine;

import dev.switchboard.hub.ConnectionInfo;
import dev.switchboard.hub.GroupMember;
import dev.switchboard.hub.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The default engine: one node, everything in this JVM's memory, every call completed before it
 * returns (publications are delivered on the publishing thread). Thread-safe.
 */
public final class InMemoryEngine implements Engine {
  private final LocalBroker broker = new LocalBroker();
  private final LocalPresence presence = new LocalPresence();
  private final LocalControlBus controlBus = new LocalControlBus();

  @Override
  public Broker broker() {
    return broker;
  }

  @Override
  public Presence presence() {
    return presence;
  }

  @Override
  public ControlBus controlBus() {
    return controlBus;
  }

  @Override
  public Set<EngineCapability> capabilities() {
    return EnumSet.of(EngineCapability.PRESENCE, EngineCapability.GROUP_MEMBER_LISTING);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "InMemoryEngine[" + presence.hubs.size() + " hubs]";
  }

  private static final class LocalBroker implements Broker {
    private volatile Consumer<Publication> handler;

    @Override
    public void subscribe(Consumer<Publication> handler) {
      this.handler = handler;
    }

    @Override
    public CompletableFuture<Void> publish(Publication publication) {
      Consumer<Publication> h = handler;
      if (h != null) {
        try {
          h.accept(publication);
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class LocalControlBus implements ControlBus {
    private volatile Predicate<ControlCommand> handler;

    @Override
    public void subscribe(Predicate<ControlCommand> handler) {
      this.handler = handler;
    }

    @Override
    public CompletableFuture<Boolean> send(ControlCommand command) {
      Predicate<ControlCommand> h = handler;
      try {
        return CompletableFuture.completedFuture(h != null && h.test(command));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  private record Entry(String userId) {}

  private static final class HubState {
    final ConcurrentHashMap<String, Entry> connections = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Set<String>> users = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, ConcurrentSkipListSet<String>> groups =
        new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Set<String>> groupsOf = new ConcurrentHashMap<>();
  }

  private static final class LocalPresence implements Presence {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    final ConcurrentHashMap<String, HubState> hubs = new ConcurrentHashMap<>();

    private HubState hub(String hub) {
      return hubs.computeIfAbsent(hub, h -> new HubState());
    }

    @Override
    public CompletableFuture<Void> add(String hub, ConnectionInfo c, String nodeId) {
      HubState h = hub(hub);
      h.connections.put(c.connectionId(), new Entry(c.userId()));
      if (c.userId() != null) {
        h.users.compute(c.userId(), (u, set) -> {
          Set<String> s = set == null ? ConcurrentHashMap.newKeySet() : set;
          s.add(c.connectionId());
          return s;
        });
      }
      for (String g : c.groups()) {
        join(hub, c.connectionId(), g);
      }
      return DONE;
    }

    @Override
    public CompletableFuture<Void> remove(String hub, String connectionId) {
      HubState h = hub(hub);
      Entry e = h.connections.remove(connectionId);
      if (e == null) {
        return DONE;
      }
      if (e.userId() != null) {
        h.users.computeIfPresent(e.userId(), (u, set) -> {
          set.remove(connectionId);
          return set.isEmpty() ? null : set;
        });
      }
      Set<String> groups = h.groupsOf.remove(connectionId);
      if (groups != null) {
        for (String g : groups) {
          removeMember(h, g, connectionId);
        }
      }
      return DONE;
    }

    @Override
    public CompletableFuture<Void> join(String hub, String connectionId, String group) {
      HubState h = hub(hub);
      if (!h.connections.containsKey(connectionId)) {
        return DONE;
      }
      h.groupsOf.computeIfAbsent(connectionId, c -> ConcurrentHashMap.newKeySet()).add(group);
      h.groups.compute(group, (g, set) -> {
        ConcurrentSkipListSet<String> s = set == null ? new ConcurrentSkipListSet<>() : set;
        s.add(connectionId);
        return s;
      });
      return DONE;
    }

    @Override
    public CompletableFuture<Void> leave(String hub, String connectionId, String group) {
      HubState h = hub(hub);
      Set<String> groups = h.groupsOf.get(connectionId);
      if (groups != null) {
        groups.remove(group);
      }
      removeMember(h, group, connectionId);
      return DONE;
    }

    private static void removeMember(HubState h, String group, String connectionId) {
      h.groups.computeIfPresent(group, (g, set) -> {
        set.remove(connectionId);
        return set.isEmpty() ? null : set;
      });
    }

    @Override
    public CompletableFuture<Boolean> connectionExists(String hub, String connectionId) {
      return CompletableFuture.completedFuture(hub(hub).connections.containsKey(connectionId));
    }

    @Override
    public CompletableFuture<Boolean> userExists(String hub, String userId) {
      return CompletableFuture.completedFuture(hub(hub).users.containsKey(userId));
    }

    @Override
    public CompletableFuture<Boolean> groupExists(String hub, String group) {
      return CompletableFuture.completedFuture(hub(hub).groups.containsKey(group));
    }

    @Override
    public CompletableFuture<Page<GroupMember>> groupMembers(String hub, String group,
        int maxPageSize, String continuationToken) {
      if (maxPageSize < 1) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException("maxPageSize must be at least 1; got " + maxPageSize));
      }
      String after;
      try {
        after = continuationToken == null ? null : new String(
            Base64.getUrlDecoder().decode(continuationToken), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(
            "continuationToken is not one this hub issued: " + e.getMessage()));
      }
      HubState h = hub(hub);
      ConcurrentSkipListSet<String> members = h.groups.get(group);
      List<GroupMember> page = new ArrayList<>();
      String next = null;
      if (members != null) {
        Set<String> rest = after == null ? members : members.tailSet(after, false);
        for (String id : rest) {
          if (page.size() == maxPageSize) {
            next = page.get(page.size() - 1).connectionId();
            break;
          }
          Entry e = h.connections.get(id);
          if (e != null) {
            page.add(new GroupMember(id, e.userId()));
          }
        }
      }
      String token = next == null ? null
          : Base64.getUrlEncoder().withoutPadding().encodeToString(
              next.getBytes(StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(new Page<>(page, token));
    }
  }
}
