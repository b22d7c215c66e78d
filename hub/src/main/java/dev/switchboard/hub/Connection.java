package dev.switchboard.hub;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One logical client connection in a hub, as the hub server drives it: what its client asks for
 * (join, leave, publish, events, acks) and what happens to its transport. Thread-safe: every
 * method may be called from any thread.
 *
 * <h2>Lifecycle</h2>
 *
 * <pre>
 * OPEN --transport dropped, reliable, recoverable--> DETACHED --resume--> OPEN
 *   \                                                  \--recovery window over--> CLOSED
 *    \--client closed / REST close / replay overflow-------------------------> CLOSED
 * </pre>
 *
 * A DETACHED connection keeps its groups, permissions, ack history and sequence numbers, and
 * buffers messages for replay. {@link HubListener#onDisconnected} fires exactly once, on the
 * transition to CLOSED.
 *
 * <h2>Client operations</h2>
 *
 * Each returns a future of the {@link ClientResult} to acknowledge; with an {@code ackId}, an id
 * that already succeeded on this connection answers {@link ClientResult.Status#DUPLICATE} without
 * running again.
 */
public interface Connection {
  /** The states of a logical connection. */
  enum State { OPEN, DETACHED, CLOSED }

  /** The canonical name of the hub. */
  String hub();

  String id();

  /** The user, or null for an anonymous connection. */
  String userId();

  /** The subprotocol, or the empty string. */
  String protocol();

  boolean isReliable();

  State state();

  /** A snapshot of the groups this connection is in. */
  Set<String> groups();

  /** Whether the connection may {@code permission} on {@code group} (null: on every group). */
  boolean hasPermission(Permission permission, String group);

  /** Joins {@code group}; FORBIDDEN without {@link Permission#JOIN_LEAVE_GROUP} for it. */
  CompletableFuture<ClientResult> joinGroup(String group, Long ackId);

  /** Leaves {@code group}; FORBIDDEN without {@link Permission#JOIN_LEAVE_GROUP} for it. */
  CompletableFuture<ClientResult> leaveGroup(String group, Long ackId);

  /**
   * Publishes to {@code group} as this connection's user (the message's {@code fromUserId});
   * with {@code noEcho} this connection does not receive it. FORBIDDEN without
   * {@link Permission#SEND_TO_GROUP} for the group. Completes when the broker accepted it.
   */
  CompletableFuture<ClientResult> sendToGroup(String group, DataType dataType, byte[] payload,
      boolean noEcho, Long ackId);

  /**
   * Hands a user event to {@link HubListener#onUserEvent}; its reply, if any, is delivered to
   * this connection before the future completes OK. A failing handler gives
   * INTERNAL_SERVER_ERROR.
   */
  CompletableFuture<ClientResult> sendEvent(UserEvent event, Long ackId);

  /**
   * The reliable client's cumulative ack: every message up to {@code sequenceId} arrived and
   * leaves the replay buffer. Ignored on other connections; ids beyond the last sent are clamped.
   */
  void sequenceAck(long sequenceId);

  /**
   * Tells the hub that {@code sink}'s transport closed. A reliable connection with
   * {@code recoverable} becomes DETACHED for the recovery window; otherwise it is CLOSED with
   * {@code reason}. A sink that is no longer the connection's (replaced by a resume) is ignored.
   */
  void transportClosed(ConnectionSink sink, String reason, boolean recoverable);
}
