package dev.switchboard.hub.internal;

import dev.switchboard.hub.ClientResult;
import dev.switchboard.hub.ClientResult.Status;
import dev.switchboard.hub.CloseReason;
import dev.switchboard.hub.Connection;
import dev.switchboard.hub.ConnectionFilter;
import dev.switchboard.hub.ConnectionSink;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.HubNames;
import dev.switchboard.hub.Message;
import dev.switchboard.hub.Permission;
import dev.switchboard.hub.Scheduler;
import dev.switchboard.hub.UserEvent;
import dev.switchboard.hub.engine.Publication;
import dev.switchboard.hub.engine.Target;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A connection held by this node. Thread-safe: its mutable state (state, sink, sequence, replay
 * buffer, permissions, ack history) is guarded by this object's monitor, which is held while the
 * sink is called so that deliveries reach the sink one at a time in sequence order. Listener
 * callbacks and engine calls that may call back run after the monitor is released.
 */
public final class LocalConnection implements Connection {
  private final LocalHub hub;
  private final String id;
  private final String userId;
  private final String protocol;
  private final boolean reliable;
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  private final Permissions permissions;
  private final AckHistory acks;
  private final ReplayBuffer replay;

  private State state = State.OPEN;
  private ConnectionSink sink;
  private long lastSequenceId;
  private long detachGeneration;
  private Scheduler.Cancellable expiry;

  LocalConnection(LocalHub hub, String id, String userId, String protocol, boolean reliable,
      List<String> roles, ConnectionSink sink) {
    this.hub = hub;
    this.id = id;
    this.userId = userId;
    this.protocol = protocol;
    this.reliable = reliable;
    this.permissions = Permissions.fromRoles(roles);
    this.acks = new AckHistory(hub.limits().ackIdHistory());
    this.replay = reliable
        ? new ReplayBuffer(hub.limits().replayMaxMessages(), hub.limits().replayMaxBytes())
        : null;
    this.sink = sink;
  }

  @Override
  public String hub() {
    return hub.name();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String userId() {
    return userId;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public boolean isReliable() {
    return reliable;
  }

  @Override
  public synchronized State state() {
    return state;
  }

  @Override
  public Set<String> groups() {
    return Set.copyOf(groups);
  }

  boolean isInGroup(String group) {
    return groups.contains(group);
  }

  boolean matches(ConnectionFilter filter) {
    return filter == null || filter.matches(id, userId, groups, protocol);
  }

  @Override
  public synchronized boolean hasPermission(Permission permission, String group) {
    return permissions.allows(permission, group);
  }

  // ------------------------------------------------------------------ client operations

  @Override
  public CompletableFuture<ClientResult> joinGroup(String group, Long ackId) {
    return withAck(ackId, () -> {
      ClientResult bad = checkGroup(group, Permission.JOIN_LEAVE_GROUP);
      if (bad != null) {
        return CompletableFuture.completedFuture(bad);
      }
      join(group);
      return CompletableFuture.completedFuture(ClientResult.OK);
    });
  }

  @Override
  public CompletableFuture<ClientResult> leaveGroup(String group, Long ackId) {
    return withAck(ackId, () -> {
      ClientResult bad = checkGroup(group, Permission.JOIN_LEAVE_GROUP);
      if (bad != null) {
        return CompletableFuture.completedFuture(bad);
      }
      leave(group);
      return CompletableFuture.completedFuture(ClientResult.OK);
    });
  }

  @Override
  public CompletableFuture<ClientResult> sendToGroup(String group, DataType dataType,
      byte[] payload, boolean noEcho, Long ackId) {
    return withAck(ackId, () -> {
      ClientResult bad = checkGroup(group, Permission.SEND_TO_GROUP);
      if (bad != null) {
        return CompletableFuture.completedFuture(bad);
      }
      Message m = Message.fromGroup(group, userId, dataType, payload);
      return hub.publish(new Publication(hub.name(), Target.group(group), m,
              noEcho ? Set.of(id) : Set.of(), null))
          .thenApply(v -> ClientResult.OK);
    });
  }

  @Override
  public CompletableFuture<ClientResult> sendEvent(UserEvent event, Long ackId) {
    return withAck(ackId, () -> hub.listener().onUserEvent(this, event).toCompletableFuture()
        .thenApply(reply -> {
          reply.ifPresent(this::deliver);
          return ClientResult.OK;
        }));
  }

  private ClientResult checkGroup(String group, Permission permission) {
    try {
      HubNames.requireGroup(group);
    } catch (IllegalArgumentException e) {
      return ClientResult.error(Status.BAD_REQUEST, e.getMessage());
    }
    if (!hasPermission(permission, group)) {
      return ClientResult.error(Status.FORBIDDEN, "the connection has no "
          + permission.restName() + " permission for group '" + group + "'");
    }
    return null;
  }

  private CompletableFuture<ClientResult> withAck(Long ackId,
      Supplier<CompletableFuture<ClientResult>> operation) {
    if (ackId != null) {
      synchronized (this) {
        if (!acks.begin(ackId)) {
          return CompletableFuture.completedFuture(ClientResult.error(Status.DUPLICATE,
              "ackId " + Long.toUnsignedString(ackId) + " was already used on this connection"));
        }
      }
    }
    CompletableFuture<ClientResult> result;
    try {
      result = operation.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result = result.exceptionally(e -> ClientResult.error(Status.INTERNAL_SERVER_ERROR,
        String.valueOf(unwrap(e).getMessage())));
    if (ackId == null) {
      return result;
    }
    return result.thenApply(r -> {
      synchronized (this) {
        acks.finish(ackId, r.isSuccess());
      }
      return r;
    });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause() : e;
  }

  @Override
  public void sequenceAck(long sequenceId) {
    if (!reliable) {
      return;
    }
    synchronized (this) {
      replay.ackUpTo(Math.min(sequenceId, lastSequenceId));
    }
  }

  // ------------------------------------------------------------------ node-side operations

  /** Delivers (and for a reliable connection numbers and buffers) {@code message}. */
  void deliver(Message message) {
    Runnable after = null;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      if (!reliable) {
        sink.deliver(message, 0);
        return;
      }
      long seq = lastSequenceId + 1;
      if (!replay.add(seq, message)) {
        after = terminateLocked(new CloseReason(CloseReason.POLICY_VIOLATION,
            "the replay buffer is full (" + replay.size() + " messages, " + replay.bytes()
                + " bytes un-acked; limits replayMaxMessages/replayMaxBytes)"), true);
      } else {
        lastSequenceId = seq;
        if (sink != null) {
          sink.deliver(message, seq);
        }
      }
    }
    if (after != null) {
      after.run();
    }
  }

  /** Adds the connection to {@code group}; false if it is closed. */
  boolean join(String group) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return false;
      }
      if (groups.add(group)) {
        hub.indexJoin(group, this);
        hub.engine().presence().join(hub.name(), id, group);
      }
      return true;
    }
  }

  void leave(String group) {
    synchronized (this) {
      if (state != State.CLOSED && groups.remove(group)) {
        hub.indexLeave(group, this);
        hub.engine().presence().leave(hub.name(), id, group);
      }
    }
  }

  void leaveAll() {
    synchronized (this) {
      for (String g : List.copyOf(groups)) {
        leave(g);
      }
    }
  }

  synchronized boolean grant(Permission permission, String group) {
    if (state == State.CLOSED) {
      return false;
    }
    permissions.grant(permission, group);
    return true;
  }

  synchronized boolean revoke(Permission permission, String group) {
    if (state == State.CLOSED) {
      return false;
    }
    permissions.revoke(permission, group);
    return true;
  }

  /** Ends the connection for good (REST close), closing its sink; false if already closed. */
  boolean close(CloseReason reason) {
    Runnable after;
    synchronized (this) {
      after = terminateLocked(reason, true);
    }
    if (after == null) {
      return false;
    }
    after.run();
    return true;
  }

  /** Moves the connection onto {@code newSink}, replaying un-acked messages; false if gone. */
  boolean resume(ConnectionSink newSink) {
    ConnectionSink old;
    synchronized (this) {
      if (!reliable || state == State.CLOSED) {
        return false;
      }
      old = state == State.OPEN ? sink : null;
      if (expiry != null) {
        expiry.cancel();
        expiry = null;
      }
      detachGeneration++;
      state = State.OPEN;
      sink = newSink;
      replay.dropExpired(hub.scheduler().nanoTime());
      for (ReplayBuffer.Entry e : replay.entries()) {
        newSink.deliver(e.message(), e.sequenceId());
      }
    }
    if (old != null) {
      old.close(CloseReason.normal("replaced by a resumed transport"));
    }
    return true;
  }

  @Override
  public void transportClosed(ConnectionSink from, String reason, boolean recoverable) {
    Runnable after = null;
    synchronized (this) {
      if (state != State.OPEN || sink != from) {
        return;
      }
      if (reliable && recoverable) {
        state = State.DETACHED;
        sink = null;
        long generation = ++detachGeneration;
        expiry = hub.scheduler().schedule(hub.limits().recoveryWindow(),
            () -> expire(generation, reason));
      } else {
        sink = null;
        after = terminateLocked(CloseReason.normal(reason == null ? "" : reason), false);
      }
    }
    if (after != null) {
      after.run();
    }
  }

  private void expire(long generation, String reason) {
    Runnable after = null;
    synchronized (this) {
      if (state == State.DETACHED && detachGeneration == generation) {
        after = terminateLocked(CloseReason.normal("the recovery window expired"
            + (reason == null || reason.isEmpty() ? "" : " after: " + reason)), false);
      }
    }
    if (after != null) {
      after.run();
    }
  }

  /**
   * Marks the connection closed and unindexes it; returns what to run once the monitor is
   * released (closing the sink, telling presence and the listener), or null if already closed.
   */
  private Runnable terminateLocked(CloseReason reason, boolean closeSink) {
    if (state == State.CLOSED) {
      return null;
    }
    state = State.CLOSED;
    if (expiry != null) {
      expiry.cancel();
      expiry = null;
    }
    for (String g : groups) {
      hub.indexLeave(g, this);
    }
    hub.unregister(this);
    ConnectionSink s = closeSink ? sink : null;
    sink = null;
    return () -> {
      hub.engine().presence().remove(hub.name(), id);
      if (s != null) {
        s.close(reason);
      }
      hub.fireDisconnected(this, reason.reason());
    };
  }

  @Override
  public synchronized String toString() {
    return "Connection[" + hub.name() + "/" + id + " user=" + userId + " " + state
        + (reliable ? " seq=" + lastSequenceId + " unacked=" + replay.size() : "")
        + " groups=" + groups.size() + "]";
  }
}
