package dev.switchboard.hub.engine;

import dev.switchboard.hub.ConnectionInfo;
import dev.switchboard.hub.GroupMember;
import dev.switchboard.hub.Page;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster-wide view of who is connected and which groups they are in, for exists checks and
 * member listings. Implementations must be thread-safe.
 *
 * <p>Updates ({@code add}, {@code remove}, {@code join}, {@code leave}) are issued by the node
 * holding the connection, in order per connection, without waiting for the previous one to
 * complete: an engine must apply one node's updates in the order they were issued. Queries see
 * every update whose future completed.
 */
public interface Presence {
  /** Records a new connection (with no groups) held by node {@code nodeId}. */
  CompletableFuture<Void> add(String hub, ConnectionInfo connection, String nodeId);

  /** Forgets a connection and its memberships. */
  CompletableFuture<Void> remove(String hub, String connectionId);

  /** Records that the connection is in {@code group}. */
  CompletableFuture<Void> join(String hub, String connectionId, String group);

  /** Records that the connection left {@code group}. */
  CompletableFuture<Void> leave(String hub, String connectionId, String group);

  CompletableFuture<Boolean> connectionExists(String hub, String connectionId);

  /** Whether the user has at least one connection. */
  CompletableFuture<Boolean> userExists(String hub, String userId);

  /** Whether the group has at least one member. */
  CompletableFuture<Boolean> groupExists(String hub, String group);

  /**
   * A page of at most {@code maxPageSize} members of {@code group}, from the start
   * ({@code continuationToken} null) or from where the previous page ended.
   *
   * @throws IllegalArgumentException (in the future) for a token this engine did not issue
   */
  CompletableFuture<Page<GroupMember>> groupMembers(String hub, String group, int maxPageSize,
      String continuationToken);
}
