package dev.switchboard.hub.engine;

import dev.switchboard.hub.ConnectionFilter;
import dev.switchboard.hub.Permission;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An operation on connections that must run on the node holding them, sent through the
 * {@link ControlBus}. Each node applies it to its own connections and answers whether it
 * applied to (or, for a check, found) anything. Thread-safe (immutable records).
 */
public sealed interface ControlCommand {
  /** The canonical hub name. */
  String hub();

  /**
   * Close the connections of {@code target} except {@code excluded}, with {@code reason}.
   * Applied = at least one connection was closed.
   */
  record Close(String hub, Target target, Set<String> excluded, String reason)
      implements ControlCommand {
    public Close {
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(target, "target");
      excluded = Set.copyOf(excluded);
      reason = reason == null ? "" : reason;
    }
  }

  /** What a {@link Membership} command does. */
  enum MembershipChange { ADD, REMOVE, REMOVE_FROM_ALL }

  /**
   * Add or remove the connections of {@code target} (a connection, a user, or ALL narrowed by
   * {@code filter}) to or from {@code groups} ({@link MembershipChange#REMOVE_FROM_ALL}: every
   * group, {@code groups} empty). Applied = the target had at least one connection on the node.
   */
  record Membership(String hub, Target target, MembershipChange change, List<String> groups,
      ConnectionFilter filter) implements ControlCommand {
    public Membership {
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(change, "change");
      groups = List.copyOf(groups);
      if (target.kind() == Target.Kind.GROUP) {
        throw new IllegalArgumentException("membership targets a connection, a user or all");
      }
    }
  }

  /** What a {@link PermissionChange} command does. */
  enum PermissionOp { GRANT, REVOKE, CHECK }

  /**
   * Grant, revoke or check {@code permission} on one connection, for {@code group} (null: all
   * groups). Applied = the connection exists (GRANT, REVOKE) or holds the permission (CHECK).
   */
  record PermissionChange(String hub, String connectionId, PermissionOp op,
      Permission permission, String group) implements ControlCommand {
    public PermissionChange {
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(connectionId, "connectionId");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(permission, "permission");
    }
  }
}
