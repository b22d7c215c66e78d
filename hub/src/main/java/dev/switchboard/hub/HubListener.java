package dev.switchboard.hub;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the core tells the hub server, which forwards it upstream (CloudEvents). Implementations
 * must be thread-safe and must not block: they are called on the thread that caused the event (a
 * REST thread, an event loop, the scheduler's timer), never while the hub holds a lock.
 */
public interface HubListener {
  /** Once per accepted connection, after {@link Hub#connect} registered it. */
  default void onConnected(Connection connection) {}

  /**
   * Exactly once per accepted connection, when it is gone for good: the client closed, the REST
   * API closed it, its replay buffer overflowed, or its recovery window expired. Not when a
   * reliable connection's transport drops and it may still be recovered.
   */
  default void onDisconnected(Connection connection, String reason) {}

  /**
   * A client's user event. The returned stage completes with a reply to deliver to that client
   * (as a {@code from:"server"} message), with empty for none, or exceptionally when the handler
   * failed (the client's ack then says {@code InternalServerError}). The default has no handler
   * and fails.
   */
  default CompletionStage<Optional<Message>> onUserEvent(Connection connection, UserEvent event) {
    return CompletableFuture.failedFuture(
        new IllegalStateException("no handler for user event '" + event.event() + "'"));
  }

  /** A listener that ignores every event (and fails user events). */
  HubListener NONE = new HubListener() {};
}
