package dev.switchboard.hub.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Carries {@link ControlCommand}s to the nodes holding the connections they address, and their
 * answers back (Centrifuge's controller idea). Implementations must be thread-safe.
 */
public interface ControlBus {
  /**
   * Registers this node's handler, which applies a command to local connections and answers
   * whether it applied to anything (see each command). Called once, before any send.
   */
  void subscribe(Predicate<ControlCommand> handler);

  /**
   * Runs {@code command} on every node that may hold its connections. The future completes with
   * true when any node answered true, false when every node answered false.
   */
  CompletableFuture<Boolean> send(ControlCommand command);
}
