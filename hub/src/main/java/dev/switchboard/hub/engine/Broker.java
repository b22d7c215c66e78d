package dev.switchboard.hub.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Carries publications to every node of the cluster, this one included (Centrifuge's broker
 * idea). Implementations must be thread-safe.
 *
 * <p>Ordering contract: publications {@code publish}ed by one thread reach each node's handler in
 * that order. The handler may be called from several threads at once (the in-memory broker calls
 * it on the publishing thread); the hub core is thread-safe.
 */
public interface Broker {
  /**
   * Registers this node's handler, which delivers to local connections. Called once, before any
   * publish.
   */
  void subscribe(Consumer<Publication> handler);

  /**
   * Sends {@code publication} to every node. The future completes when the broker accepted it
   * (not when clients received it), or fails when it could not be sent.
   */
  CompletableFuture<Void> publish(Publication publication);
}
