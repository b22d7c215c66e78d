package dev.switchboard.hub.internal;

import dev.switchboard.hub.CloseReason;
import dev.switchboard.hub.Connection;
import dev.switchboard.hub.ConnectionInfo;
import dev.switchboard.hub.ConnectionRequest;
import dev.switchboard.hub.ConnectionSink;
import dev.switchboard.hub.HubLimits;
import dev.switchboard.hub.HubListener;
import dev.switchboard.hub.Message;
import dev.switchboard.hub.Scheduler;
import dev.switchboard.hub.engine.ControlCommand;
import dev.switchboard.hub.engine.Engine;
import dev.switchboard.hub.engine.Publication;
import dev.switchboard.hub.engine.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part of one hub: its connections and the indexes from groups and users to them,
 * and what it does with publications and control commands that reach it. Thread-safe: the
 * indexes are concurrent maps of concurrent sets, updated under the connection's monitor.
 */
public final class LocalHub {
  private static final Logger log = LoggerFactory.getLogger(LocalHub.class);

  private final String name;
  private final Engine engine;
  private final Scheduler scheduler;
  private final HubLimits limits;
  private final HubListener listener;
  private final String nodeId;
  private final ConcurrentHashMap<String, LocalConnection> connections = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<LocalConnection>> groups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<LocalConnection>> users = new ConcurrentHashMap<>();

  public LocalHub(String name, Engine engine, Scheduler scheduler, HubLimits limits,
      HubListener listener, String nodeId) {
    this.name = name;
    this.engine = engine;
    this.scheduler = scheduler;
    this.limits = limits;
    this.listener = listener;
    this.nodeId = nodeId;
  }

  public String name() {
    return name;
  }

  Engine engine() {
    return engine;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  HubLimits limits() {
    return limits;
  }

  HubListener listener() {
    return listener;
  }

  CompletableFuture<Void> publish(Publication publication) {
    return engine.broker().publish(publication);
  }

  /**
   * Registers an accepted connection, joins its initial groups and fires {@code onConnected}.
   *
   * @throws IllegalStateException if a connection with that id exists
   */
  public Connection connect(ConnectionRequest request, ConnectionSink sink) {
    LocalConnection c = new LocalConnection(this, request.connectionId(), request.userId(),
        request.protocol(), request.reliable(), request.roles(), sink);
    // Under the connection's lock, so that a concurrent close sees it fully registered.
    synchronized (c) {
      if (connections.putIfAbsent(c.id(), c) != null) {
        throw new IllegalStateException("connection id " + c.id() + " is already in use");
      }
      if (c.userId() != null) {
        users.computeIfAbsent(c.userId(), u -> ConcurrentHashMap.newKeySet()).add(c);
      }
      engine.presence().add(name,
          new ConnectionInfo(c.id(), c.userId(), Set.of(), c.protocol()), nodeId);
      for (String g : request.groups()) {
        c.join(g);
      }
    }
    try {
      listener.onConnected(c);
    } catch (RuntimeException e) {
      log.warn("onConnected listener failed for {}", c, e);
    }
    return c;
  }

  /** Moves a detached (or still attached) reliable connection onto {@code sink}. */
  public boolean resume(String connectionId, ConnectionSink sink) {
    LocalConnection c = connections.get(connectionId);
    return c != null && c.resume(sink);
  }

  public LocalConnection connection(String connectionId) {
    return connections.get(connectionId);
  }

  void indexJoin(String group, LocalConnection c) {
    groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(c);
  }

  void indexLeave(String group, LocalConnection c) {
    groups.computeIfPresent(group, (g, set) -> {
      set.remove(c);
      return set.isEmpty() ? null : set;
    });
  }

  void unregister(LocalConnection c) {
    connections.remove(c.id(), c);
    if (c.userId() != null) {
      users.computeIfPresent(c.userId(), (u, set) -> {
        set.remove(c);
        return set.isEmpty() ? null : set;
      });
    }
  }

  void fireDisconnected(LocalConnection c, String reason) {
    try {
      listener.onDisconnected(c, reason);
    } catch (RuntimeException e) {
      log.warn("onDisconnected listener failed for {}", c, e);
    }
  }

  private Collection<LocalConnection> targets(Target target) {
    switch (target.kind()) {
      case ALL:
        return connections.values();
      case GROUP:
        return groups.getOrDefault(target.name(), Set.of());
      case USER:
        return users.getOrDefault(target.name(), Set.of());
      default:
        LocalConnection c = connections.get(target.name());
        return c == null ? List.of() : List.of(c);
    }
  }

  /** Delivers a publication to this node's receiving connections. */
  public void onPublication(Publication p) {
    Message m = p.message();
    if (m.isExpired(scheduler.nanoTime())) {
      return;
    }
    for (LocalConnection c : targets(p.target())) {
      if (!p.excluded().contains(c.id()) && c.matches(p.filter())) {
        c.deliver(m);
      }
    }
  }

  /** Applies a control command to this node's connections; see {@link ControlCommand}. */
  public boolean onCommand(ControlCommand command) {
    if (command instanceof ControlCommand.Close close) {
      boolean any = false;
      for (LocalConnection c : List.copyOf(targets(close.target()))) {
        if (!close.excluded().contains(c.id())) {
          any |= c.close(CloseReason.normal(close.reason()));
        }
      }
      return any;
    }
    if (command instanceof ControlCommand.Membership m) {
      List<LocalConnection> selected = new ArrayList<>();
      for (LocalConnection c : targets(m.target())) {
        if (c.matches(m.filter())) {
          selected.add(c);
        }
      }
      boolean any = false;
      for (LocalConnection c : selected) {
        switch (m.change()) {
          case ADD:
            for (String g : m.groups()) {
              any |= c.join(g);
            }
            break;
          case REMOVE:
            m.groups().forEach(c::leave);
            any = true;
            break;
          default:
            c.leaveAll();
            any = true;
        }
      }
      return any;
    }
    ControlCommand.PermissionChange p = (ControlCommand.PermissionChange) command;
    LocalConnection c = connections.get(p.connectionId());
    if (c == null) {
      return false;
    }
    switch (p.op()) {
      case GRANT:
        return c.grant(p.permission(), p.group());
      case REVOKE:
        return c.revoke(p.permission(), p.group());
      default:
        return c.hasPermission(p.permission(), p.group());
    }
  }

  public int connectionCount() {
    return connections.size();
  }

  @Override
  public String toString() {
    return "LocalHub[" + name + " connections=" + connections.size() + " groups=" + groups.size()
        + " users=" + users.size() + "]";
  }
}
