package dev.switchboard.hub.engine;

import java.util.Set;

/**
 * The pluggable back end of the hub: a {@link Broker}, a {@link Presence} and a
 * {@link ControlBus}, and the capabilities they have. The in-memory engine serves one node;
 * cluster engines (Redis) share state between nodes. Implementations must be thread-safe. The
 * engine contract test ({@code EngineContractTest} in the test jar) states what every engine must
 * do.
 */
public interface Engine extends AutoCloseable {
  Broker broker();

  Presence presence();

  ControlBus controlBus();

  /** What this engine can do beyond publishing and control. */
  Set<EngineCapability> capabilities();

  /** Releases connections and threads the engine owns. */
  @Override
  void close();
}
