package dev.switchboard.hub;

import dev.switchboard.hub.engine.Engine;
import dev.switchboard.hub.engine.EngineCapability;
import dev.switchboard.hub.engine.InMemoryEngine;
import dev.switchboard.hub.internal.LocalHub;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The pub/sub core of one node: its hubs on top of an {@link Engine}. Thread-safe.
 *
 * <h2>Threading model</h2>
 *
 * Every method of this class, {@link Hub} and {@link Connection} may be called from any thread
 * (event loops, REST threads) at once. Hubs, their connections and their group and user indexes
 * live in concurrent maps; each connection's mutable state is guarded by its own lock, held while
 * the connection's {@link ConnectionSink} is called, so messages to one connection reach its sink
 * one at a time in publish order (with increasing sequence ids on reliable connections). Sinks
 * must not block. Listeners are called without any lock held. Timers run on the
 * {@link Scheduler}.
 */
public final class HubService implements AutoCloseable {
  private final Engine engine;
  private final Scheduler scheduler;
  private final ScheduledExecutorService ownedTimer;
  private final HubLimits limits;
  private final HubListener listener;
  private final boolean createOnFirstUse;
  private final String nodeId = UUID.randomUUID().toString();
  private final ConcurrentHashMap<String, Hub> hubs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LocalHub> locals = new ConcurrentHashMap<>();

  private HubService(Builder b) {
    Set<EngineCapability> missing = EnumSet.noneOf(EngineCapability.class);
    missing.addAll(b.required);
    missing.removeAll(b.engine.capabilities());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the engine " + b.engine + " lacks the capabilities "
          + missing + " that this hub service requires");
    }
    this.engine = b.engine;
    if (b.scheduler == null) {
      this.ownedTimer = Scheduler.newTimerThread();
      this.scheduler = Scheduler.of(ownedTimer);
    } else {
      this.ownedTimer = null;
      this.scheduler = b.scheduler;
    }
    this.limits = b.limits;
    this.listener = b.listener;
    this.createOnFirstUse = b.createOnFirstUse;
    engine.broker().subscribe(p -> {
      LocalHub local = locals.get(p.hub());
      if (local != null) {
        local.onPublication(p);
      }
    });
    engine.controlBus().subscribe(c -> {
      LocalHub local = locals.get(c.hub());
      return local != null && local.onCommand(c);
    });
    for (String name : b.declared) {
      create(HubNames.canonicalHub(name));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The hub named {@code name} (case-insensitive), created on first use unless the service was
   * built with {@code createHubsOnFirstUse(false)}.
   *
   * @throws IllegalArgumentException if the name is invalid, or the hub is not declared and
   *     hubs are not created on first use (the REST layer answers 404)
   */
  public Hub hub(String name) {
    String key = HubNames.canonicalHub(name);
    Hub hub = hubs.get(key);
    if (hub != null) {
      return hub;
    }
    if (!createOnFirstUse) {
      throw new InvalidArgumentException("hub", "no hub named '" + name + "' is declared");
    }
    return create(key);
  }

  /** The hub if it exists already; empty for unknown or invalid names. */
  public Optional<Hub> findHub(String name) {
    try {
      return Optional.ofNullable(hubs.get(HubNames.canonicalHub(name)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The canonical names of the hubs that exist, sorted. */
  public Set<String> hubNames() {
    return new TreeSet<>(hubs.keySet());
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public HubLimits limits() {
    return limits;
  }

  /** This node's id, as given to {@link dev.switchboard.hub.engine.Presence#add}. */
  public String nodeId() {
    return nodeId;
  }

  private Hub create(String key) {
    return hubs.computeIfAbsent(key, k -> {
      LocalHub local = new LocalHub(k, engine, scheduler, limits, listener, nodeId);
      locals.put(k, local);
      return new Hub(local, engine, scheduler, limits);
    });
  }

  /** Closes the engine and the timer thread this service created (not a given scheduler). */
  @Override
  public void close() {
    engine.close();
    if (ownedTimer != null) {
      ownedTimer.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "HubService[node=" + nodeId + " engine=" + engine + " hubs=" + hubs.size() + "]";
  }

  /** Builds a {@link HubService}. Not thread-safe. */
  public static final class Builder {
    private Engine engine = new InMemoryEngine();
    private Scheduler scheduler;
    private HubLimits limits = HubLimits.DEFAULT;
    private HubListener listener = HubListener.NONE;
    private boolean createOnFirstUse = true;
    private final Set<String> declared = new LinkedHashSet<>();
    private final Set<EngineCapability> required =
        EnumSet.of(EngineCapability.PRESENCE, EngineCapability.GROUP_MEMBER_LISTING);

    private Builder() {}

    /** The engine (default: a new {@link InMemoryEngine}); the service closes it. */
    public Builder engine(Engine engine) {
      this.engine = engine;
      return this;
    }

    /** The clock and timer (default: a daemon timer thread the service owns). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder limits(HubLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder listener(HubListener listener) {
      this.listener = listener;
      return this;
    }

    /** Declares a hub, which then exists from the start. */
    public Builder declareHub(String name) {
      HubNames.canonicalHub(name);
      declared.add(name);
      return this;
    }

    /** Whether {@link HubService#hub} creates undeclared hubs (default true). */
    public Builder createHubsOnFirstUse(boolean create) {
      this.createOnFirstUse = create;
      return this;
    }

    /**
     * The capabilities the engine must declare (default PRESENCE and GROUP_MEMBER_LISTING; add
     * CLUSTER when several nodes share it).
     */
    public Builder require(Set<EngineCapability> capabilities) {
      required.clear();
      required.addAll(capabilities);
      return this;
    }

    /**
     * @throws IllegalStateException if the engine lacks a required capability
     */
    public HubService build() {
      return new HubService(this);
    }
  }
}
