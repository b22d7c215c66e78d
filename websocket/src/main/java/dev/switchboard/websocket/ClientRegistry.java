package dev.switchboard.websocket;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client connections opened with a {@link WebSocketHandler}, kept and listed, in the manner of
 * Eclipse Dirigible's {@code createWebsocket(uri, handler)} and its client list. Thread-safe.
 *
 * <pre>{@code
 * ClientRegistry registry = ClientRegistry.create(client);
 * registry.register("chat-handler", new ChatHandler());
 * Connection c = registry.open("wss://chat.example/room/1", "chat-handler");
 * registry.list();                          // id, url, handler, status, created, last activity
 * registry.findByHandler("chat-handler");   // every connection of that handler
 * }</pre>
 *
 * <p>Handlers are registered by name ({@link #register}) or given directly with a name ({@link
 * #open(ConnectRequest, String, WebSocketHandler)}). Each connection is a {@link Connection} of
 * the registry's {@link WebSocketClient} (so retries, reconnection and the offline queue apply)
 * whose events reach the handler: {@code onOpen} for each session opened (reconnects included),
 * {@code onMessage} for text and binary messages, {@code onError} for failed attempts (the
 * event's session is then null) and session errors, {@code onClose} for each session closed. The
 * calls for one connection come one at a time on its event loop; an exception from the handler
 * is logged and reported as an {@link ConnectionEvent#ERROR}, it does not close the connection.
 *
 * <p>A connection is forgotten when it is over ({@link Connection#closed()}), unless the registry
 * was built with {@link Builder#keepClosed(boolean)}; then {@link #forgetClosed()} forgets them.
 */
public final class ClientRegistry {

  private final WebSocketClient client;
  private final Clock clock;
  private final boolean keepClosed;
  private final Map<String, WebSocketHandler> handlers = new ConcurrentHashMap<>();
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  private final class Entry {
    final Connection connection;
    final String handler;
    final Instant created;
    final long seq = sequence.incrementAndGet();
    volatile Instant lastActivity;
    volatile Session session; // the last one opened: the handle forgets it before CLOSE fires

    Entry(Connection connection, String handler, Instant created) {
      this.connection = connection;
      this.handler = handler;
      this.created = created;
      this.lastActivity = created;
    }

    void touch() {
      lastActivity = clock.instant();
    }

    ClientInfo info() {
      return new ClientInfo(connection.id(), connection.url(), handler, connection.status(), created, lastActivity);
    }
  }

  private ClientRegistry(Builder b) {
    this.client = b.client;
    this.clock = b.clock;
    this.keepClosed = b.keepClosed;
  }

  /** A registry over {@code client} that forgets connections when they are over. */
  public static ClientRegistry create(WebSocketClient client) {
    return builder(client).build();
  }

  public static Builder builder(WebSocketClient client) {
    return new Builder(client);
  }

  /**
   * Registers {@code handler} under {@code name}, replacing any handler of that name (connections
   * already open keep theirs).
   *
   * @throws IllegalArgumentException if the name is blank or the handler null
   */
  public ClientRegistry register(String name, WebSocketHandler handler) {
    checkName(name);
    handlers.put(name, Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** Removes the handler registered as {@code name}; connections already open keep it. */
  public ClientRegistry unregister(String name) {
    handlers.remove(name);
    return this;
  }

  /** The names of the registered handlers, sorted. */
  public List<String> handlerNames() {
    return handlers.keySet().stream().sorted().toList();
  }

  /** Opens {@code url} with the handler registered as {@code handlerName}. */
  public Connection open(String url, String handlerName) {
    return open(ConnectRequest.to(url).build(), handlerName);
  }

  /**
   * Opens {@code request} with the handler registered as {@code handlerName}.
   *
   * @throws IllegalArgumentException if no handler has that name, or the request is not usable
   */
  public Connection open(ConnectRequest request, String handlerName) {
    WebSocketHandler handler = handlers.get(handlerName);
    if (handler == null) {
      throw new IllegalArgumentException("no handler is registered as '" + handlerName + "' (registered: "
          + handlerNames() + "); call register(name, handler) first");
    }
    return open(request, handlerName, handler);
  }

  /**
   * Opens {@code request} with {@code handler}, listed under {@code handlerName} (which need not
   * be registered).
   */
  public Connection open(ConnectRequest request, String handlerName, WebSocketHandler handler) {
    checkName(handlerName);
    Objects.requireNonNull(handler, "handler");
    Instant created = clock.instant();
    Entry[] entry = new Entry[1];
    Connection connection = client.open(request, c -> {
      Entry e = new Entry(c, handlerName, created);
      entry[0] = e;
      entries.put(c.id(), e); // listed before any I/O: a fast close cannot come first
      c.on(ConnectionEvent.OPEN, s -> {
        e.touch();
        e.session = s;
        handler.onOpen(HandlerEvent.open(s));
      }).on(ConnectionEvent.TEXT, text -> {
        e.touch();
        handler.onMessage(HandlerEvent.text(e.session, text));
      }).on(ConnectionEvent.BINARY, data -> {
        e.touch();
        handler.onMessage(HandlerEvent.binary(e.session, data));
      }).on(ConnectionEvent.PING, p -> e.touch())
          .on(ConnectionEvent.PONG, p -> e.touch())
          .on(ConnectionEvent.RECONNECTING, r -> e.touch())
          .on(ConnectionEvent.ERROR, error -> {
            e.touch();
            handler.onError(HandlerEvent.error(c.session(), error));
          }).on(ConnectionEvent.CLOSE, event -> {
            e.touch();
            handler.onClose(HandlerEvent.close(e.session, event));
          });
    });
    connection.closed().whenComplete((event, error) -> {
      entry[0].touch();
      if (!keepClosed) {
        entries.remove(connection.id(), entry[0]);
      }
    });
    return connection;
  }

  /** The connections known, oldest first. */
  public List<ClientInfo> list() {
    return live().map(Entry::info).toList();
  }

  /** The metadata of connection {@code id}, if known. */
  public Optional<ClientInfo> find(String id) {
    return entry(id).map(Entry::info);
  }

  /** The connection {@code id}, if known. */
  public Optional<Connection> connection(String id) {
    return entry(id).map(e -> e.connection);
  }

  /** The connections opened with the handler named {@code handlerName}, oldest first. */
  public List<Connection> findByHandler(String handlerName) {
    return live().filter(e -> e.handler.equals(handlerName)).map(e -> e.connection).toList();
  }

  private Optional<Entry> entry(String id) {
    Entry e = id == null ? null : entries.get(id);
    return e == null || forgotten(e) ? Optional.empty() : Optional.of(e);
  }

  private java.util.stream.Stream<Entry> live() {
    return entries.values().stream().filter(e -> !forgotten(e)).sorted(Comparator.comparingLong(e -> e.seq));
  }

  /**
   * Whether {@code e} is over and to be forgotten: checked at each query too, so that once a
   * caller has seen {@link Connection#closed()} complete, the connection is gone for it as well.
   */
  private boolean forgotten(Entry e) {
    if (!keepClosed && e.connection.closed().isDone()) {
      entries.remove(e.connection.id(), e);
      return true;
    }
    return false;
  }

  /** Forgets every connection that is over; returns how many were forgotten. */
  public int forgetClosed() {
    int n = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getValue().connection.closed().isDone() && entries.remove(e.getKey(), e.getValue())) {
        n++;
      }
    }
    return n;
  }

  /** How many connections are known. */
  public int size() {
    return (int) live().count();
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a handler name must not be blank");
    }
  }

  @Override
  public String toString() {
    return "ClientRegistry[" + entries.size() + " connections, handlers=" + handlerNames() + "]";
  }

  /** Configures a {@link ClientRegistry}. Not thread-safe. */
  public static final class Builder {
    private final WebSocketClient client;
    private Clock clock = Clock.systemUTC();
    private boolean keepClosed;

    private Builder(WebSocketClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Where {@code created} and {@code lastActivity} come from (default the system clock, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps connections listed (as CLOSED) after they are over, until {@link #forgetClosed()};
     * default false: forgotten as they end.
     */
    public Builder keepClosed(boolean keep) {
      this.keepClosed = keep;
      return this;
    }

    public ClientRegistry build() {
      return new ClientRegistry(this);
    }
  }
}
