package dev.switchboard.hub;

import dev.switchboard.hub.engine.ControlCommand;
import dev.switchboard.hub.engine.ControlCommand.Membership;
import dev.switchboard.hub.engine.ControlCommand.MembershipChange;
import dev.switchboard.hub.engine.ControlCommand.PermissionChange;
import dev.switchboard.hub.engine.ControlCommand.PermissionOp;
import dev.switchboard.hub.engine.Engine;
import dev.switchboard.hub.engine.EngineCapability;
import dev.switchboard.hub.engine.Publication;
import dev.switchboard.hub.engine.Target;
import dev.switchboard.hub.internal.LocalHub;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One hub: an isolated application with its own connections, users and groups. The operations
 * mirror the data-plane REST API (spec §1.2) one to one, so the REST layer only maps HTTP onto
 * them; {@link #connect} and {@link #resume} are for the client endpoint. Thread-safe.
 *
 * <p>Errors: a caller's invalid argument (group name, empty id, filter, TTL, page size) throws
 * {@link IllegalArgumentException} (a {@link FilterException} for filters) at the call, which the
 * REST layer answers with 400. Sends and removals of things that do not exist succeed (202/204),
 * as on Azure. Every other result comes as a future, completed by the engine — at once by the
 * in-memory engine.
 */
public final class Hub {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalHub local;
  private final Engine engine;
  private final Scheduler scheduler;
  private final HubLimits limits;

  Hub(LocalHub local, Engine engine, Scheduler scheduler, HubLimits limits) {
    this.local = local;
    this.engine = engine;
    this.scheduler = scheduler;
    this.limits = limits;
  }

  /** The canonical (lower-case) name. */
  public String name() {
    return local.name();
  }

  // ------------------------------------------------------------------ client endpoint

  /** A new, unguessable connection id: 128 random bits, base64url (22 characters). */
  public String newConnectionId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Registers an accepted client connection, reached through {@code sink}: it joins
   * {@code request.groups()} and {@link HubListener#onConnected} fires. Write the protocol's
   * {@code connected} message to the client before calling this, so that it comes first.
   *
   * @throws IllegalArgumentException if a role has an invalid wildcard pattern
   * @throws IllegalStateException if the connection id is in use
   */
  public Connection connect(ConnectionRequest request, ConnectionSink sink) {
    Objects.requireNonNull(sink, "sink");
    return local.connect(request, sink);
  }

  /**
   * Moves a reliable connection of this node onto a new transport (reliable recovery, spec
   * §3.6) and replays every un-acked, unexpired message in order with its original sequence id.
   * Empty when the connection is unknown, closed, expired or not reliable: the caller then
   * closes the new transport with 1008. Validate the reconnection token before calling this.
   */
  public Optional<Connection> resume(String connectionId, ConnectionSink sink) {
    Objects.requireNonNull(sink, "sink");
    return local.resume(connectionId, sink)
        ? Optional.of(local.connection(connectionId)) : Optional.empty();
  }

  /** The connection with this id if this node holds it. */
  public Optional<Connection> localConnection(String connectionId) {
    return Optional.ofNullable(local.connection(connectionId));
  }

  // ------------------------------------------------------------------ sends

  /** Send to all ({@code POST /api/hubs/{hub}/:send}). */
  public CompletableFuture<Void> sendToAll(DataType dataType, byte[] payload,
      SendOptions options) {
    return send(Target.all(), Message.fromServer(dataType, payload), options);
  }

  /** Send to a user's connections ({@code POST .../users/{user}/:send}). */
  public CompletableFuture<Void> sendToUser(String userId, DataType dataType, byte[] payload,
      SendOptions options) {
    HubNames.requireId("userId", userId);
    return send(Target.user(userId), Message.fromServer(dataType, payload), options);
  }

  /** Send to one connection ({@code POST .../connections/{id}/:send}). */
  public CompletableFuture<Void> sendToConnection(String connectionId, DataType dataType,
      byte[] payload, SendOptions options) {
    HubNames.requireId("connectionId", connectionId);
    return send(Target.connection(connectionId), Message.fromServer(dataType, payload), options);
  }

  /** Send to a group's connections ({@code POST .../groups/{group}/:send}), as {@code from:group}. */
  public CompletableFuture<Void> sendToGroup(String group, DataType dataType, byte[] payload,
      SendOptions options) {
    HubNames.requireGroup(group);
    return send(Target.group(group), Message.fromGroup(group, null, dataType, payload), options);
  }

  private CompletableFuture<Void> send(Target target, Message message, SendOptions options) {
    ConnectionFilter filter = parseFilter(options.filter());
    Message m = options.ttl().isZero() ? message
        : message.withDeadlineNanos(scheduler.nanoTime() + options.ttl().toNanos());
    return engine.broker().publish(
        new Publication(name(), target, m, options.excluded(), filter));
  }

  private ConnectionFilter parseFilter(String filter) {
    return filter == null || filter.isBlank() ? null : ConnectionFilter.parse(filter, limits);
  }

  // ------------------------------------------------------------------ groups

  /** Adds a connection to a group; false if the connection does not exist (REST 404). */
  public CompletableFuture<Boolean> addConnectionToGroup(String group, String connectionId) {
    return membership(Target.connection(HubNames.requireId("connectionId", connectionId)),
        MembershipChange.ADD, List.of(HubNames.requireGroup(group)), null);
  }

  public CompletableFuture<Void> removeConnectionFromGroup(String group, String connectionId) {
    return membership(Target.connection(HubNames.requireId("connectionId", connectionId)),
        MembershipChange.REMOVE, List.of(HubNames.requireGroup(group)), null).thenApply(b -> null);
  }

  public CompletableFuture<Void> removeConnectionFromAllGroups(String connectionId) {
    return membership(Target.connection(HubNames.requireId("connectionId", connectionId)),
        MembershipChange.REMOVE_FROM_ALL, List.of(), null).thenApply(b -> null);
  }

  /**
   * Adds the user's current connections (not later ones) to a group; false if the user has no
   * connection (the emulator's 404).
   */
  public CompletableFuture<Boolean> addUserToGroup(String userId, String group) {
    return membership(Target.user(HubNames.requireId("userId", userId)), MembershipChange.ADD,
        List.of(HubNames.requireGroup(group)), null);
  }

  public CompletableFuture<Void> removeUserFromGroup(String userId, String group) {
    return membership(Target.user(HubNames.requireId("userId", userId)),
        MembershipChange.REMOVE, List.of(HubNames.requireGroup(group)), null).thenApply(b -> null);
  }

  public CompletableFuture<Void> removeUserFromAllGroups(String userId) {
    return membership(Target.user(HubNames.requireId("userId", userId)),
        MembershipChange.REMOVE_FROM_ALL, List.of(), null).thenApply(b -> null);
  }

  /** Adds every connection {@code filter} selects (all when null or blank) to {@code groups}. */
  public CompletableFuture<Void> addConnectionsToGroups(List<String> groups, String filter) {
    return byFilter(groups, filter, MembershipChange.ADD);
  }

  /** Removes every connection {@code filter} selects (all when null or blank) from {@code groups}. */
  public CompletableFuture<Void> removeConnectionsFromGroups(List<String> groups, String filter) {
    return byFilter(groups, filter, MembershipChange.REMOVE);
  }

  private CompletableFuture<Void> byFilter(List<String> groups, String filter,
      MembershipChange change) {
    if (groups == null || groups.isEmpty()) {
      throw new InvalidArgumentException("groups", "groups must name at least one group");
    }
    groups.forEach(g -> HubNames.requireGroup("groups", g));
    return membership(Target.all(), change, groups, parseFilter(filter)).thenApply(b -> null);
  }

  private CompletableFuture<Boolean> membership(Target target, MembershipChange change,
      List<String> groups, ConnectionFilter filter) {
    return engine.controlBus().send(new Membership(name(), target, change, groups, filter));
  }

  /**
   * A page of {@code group}'s members, at most {@code maxPageSize} (1 to
   * {@link HubLimits#maxPageSize()}); pass the page's token to get the next.
   *
   * @throws IllegalArgumentException for a page size out of range
   * @throws UnsupportedOperationException if the engine cannot list group members
   */
  public CompletableFuture<Page<GroupMember>> listGroupMembers(String group, int maxPageSize,
      String continuationToken) {
    HubNames.requireGroup(group);
    if (maxPageSize < 1 || maxPageSize > limits.maxPageSize()) {
      throw new InvalidArgumentException("maxpagesize", "maxpagesize must be 1 to " + limits.maxPageSize()
          + "; got " + maxPageSize);
    }
    if (!engine.capabilities().contains(EngineCapability.GROUP_MEMBER_LISTING)) {
      throw new UnsupportedOperationException("the engine cannot list group members");
    }
    return engine.presence().groupMembers(name(), group, maxPageSize, continuationToken);
  }

  // ------------------------------------------------------------------ close

  public CompletableFuture<Void> closeConnection(String connectionId, String reason) {
    return close(Target.connection(HubNames.requireId("connectionId", connectionId)), Set.of(),
        reason);
  }

  public CompletableFuture<Void> closeAllConnections(Set<String> excluded, String reason) {
    return close(Target.all(), excluded, reason);
  }

  public CompletableFuture<Void> closeGroupConnections(String group, Set<String> excluded,
      String reason) {
    return close(Target.group(HubNames.requireGroup(group)), excluded, reason);
  }

  public CompletableFuture<Void> closeUserConnections(String userId, Set<String> excluded,
      String reason) {
    return close(Target.user(HubNames.requireId("userId", userId)), excluded, reason);
  }

  private CompletableFuture<Void> close(Target target, Set<String> excluded, String reason) {
    return engine.controlBus()
        .send(new ControlCommand.Close(name(), target, excluded, reason)).thenApply(b -> null);
  }

  // ------------------------------------------------------------------ exists

  /** Whether the connection exists (including a reliable one within its recovery window). */
  public CompletableFuture<Boolean> connectionExists(String connectionId) {
    return engine.presence().connectionExists(name(),
        HubNames.requireId("connectionId", connectionId));
  }

  /** Whether the user has at least one connection. */
  public CompletableFuture<Boolean> userExists(String userId) {
    return engine.presence().userExists(name(), HubNames.requireId("userId", userId));
  }

  /** Whether the group has at least one member. */
  public CompletableFuture<Boolean> groupExists(String group) {
    return engine.presence().groupExists(name(), HubNames.requireGroup(group));
  }

  // ------------------------------------------------------------------ permissions

  /**
   * Grants {@code permission} on {@code targetGroup} (null: every group) to a connection; false
   * if the connection does not exist.
   */
  public CompletableFuture<Boolean> grantPermission(Permission permission, String connectionId,
      String targetGroup) {
    return permission(PermissionOp.GRANT, permission, connectionId, targetGroup);
  }

  /** Revokes a permission (see {@link Permission} for how a single group is revoked). */
  public CompletableFuture<Void> revokePermission(Permission permission, String connectionId,
      String targetGroup) {
    return permission(PermissionOp.REVOKE, permission, connectionId, targetGroup)
        .thenApply(b -> null);
  }

  /**
   * Whether the connection holds {@code permission} on {@code targetGroup}, or, when it is null,
   * on every group (REST 200 / 404).
   */
  public CompletableFuture<Boolean> checkPermission(Permission permission, String connectionId,
      String targetGroup) {
    return permission(PermissionOp.CHECK, permission, connectionId, targetGroup);
  }

  private CompletableFuture<Boolean> permission(PermissionOp op, Permission permission,
      String connectionId, String targetGroup) {
    Objects.requireNonNull(permission, "permission");
    HubNames.requireId("connectionId", connectionId);
    if (targetGroup != null) {
      HubNames.requireGroup("targetGroup", targetGroup);
    }
    return engine.controlBus().send(
        new PermissionChange(name(), connectionId, op, permission, targetGroup));
  }

  @Override
  public String toString() {
    return "Hub[" + local + "]";
  }
}
