package dev.switchboard.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.endpoints.internal.Descriptor;
import dev.switchboard.endpoints.internal.HandlerResolver;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.HandlerEndpoint;
import dev.switchboard.websocket.HttpResponse;
import dev.switchboard.websocket.HttpService;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.Upgrade;
import dev.switchboard.websocket.UpgradeRequest;
import dev.switchboard.websocket.WebSocketHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket endpoints declared by a directory of Eclipse Dirigible-style {@code *.websocket}
 * descriptors, each a JSON object {@code {"endpoint": "chat", "handler": "com.example.Chat",
 * "description": "..."}}. Thread-safe.
 *
 * <p>Each valid descriptor is served at {@code /websockets/v4/service/{endpoint}} by its handler:
 * a {@link WebSocketHandler} registered by name with {@link Builder#handler}, or else a public
 * class on the class path with a public no-argument constructor (one instance per handler name,
 * shared by all its sessions). A descriptor that is not valid JSON, lacks {@code endpoint} or
 * {@code handler}, has an endpoint name that is not URL-safe, names a handler that cannot be
 * made, or declares an endpoint another file (earlier by path) already declares, is not served
 * and is reported in {@link #endpoints()}, in the log and in the admin JSON; the others are
 * served regardless. Files over {@value Descriptor#MAX_BYTES} bytes are reported unread.
 *
 * <p>{@link #scan()} reads the directory (and its subdirectories) again; {@link #watch} does so
 * periodically. A changed description keeps the endpoint's sessions; an endpoint that is removed,
 * becomes invalid or gets another handler has its sessions closed with 1001 (going away), and
 * clients reconnect to what is served now.
 *
 * <pre>{@code
 * EndpointDirectory endpoints = EndpointDirectory.builder(Path.of("websockets")).build();
 * endpoints.scan();
 * WebSocketServer server = WebSocketServer.builder()
 *     .route(endpoints.route())
 *     .http(endpoints.adminService(null))     // GET /websockets/v4/endpoints
 *     .start();
 * }</pre>
 */
public final class EndpointDirectory {

  private static final Logger log = LoggerFactory.getLogger(EndpointDirectory.class);

  /** Where endpoints are served: this prefix, then the endpoint name. */
  public static final String SERVICE_PATH = "/websockets/v4/service/";

  /** Where {@link #adminService} answers with the JSON listing. */
  public static final String ADMIN_PATH = "/websockets/v4/endpoints";

  /** The file name suffix of descriptors. */
  public static final String SUFFIX = ".websocket";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final HandlerResolver resolver;
  private final Consumer<List<EndpointStatus>> onChange;
  private final Map<Session, Live> sessions = new ConcurrentHashMap<>();

  /** Guarded by this: the last scan's files, to report changes and skip unchanged files. */
  private final Map<Path, Read> lastRead = new HashMap<>();
  /** Guarded by this: handler instances by name, kept while some descriptor names them. */
  private final Map<String, WebSocketHandler> instances = new HashMap<>();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());

  private EndpointDirectory(Builder b) {
    this.directory = b.directory;
    this.resolver = new HandlerResolver(b.handlers, b.classLoader);
    this.onChange = b.onChange;
  }

  /** Starts configuring endpoints read from {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The directory the descriptors are read from. */
  public Path directory() {
    return directory;
  }

  /** One served endpoint; its description and source may change on a scan, its handler not. */
  private static final class Live {
    final String name;
    final String handlerName;
    final WebSocketHandler handler;
    final Endpoint endpoint;
    final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    volatile String description;
    volatile Path source;
    volatile boolean retired;

    Live(String name, String handlerName, WebSocketHandler handler, String description, Path source) {
      this.name = name;
      this.handlerName = handlerName;
      this.handler = handler;
      this.endpoint = new HandlerEndpoint(handler);
      this.description = description;
      this.source = source;
    }
  }

  /** A file as last read: its bytes (to skip unchanged files) and what it declares. */
  private record Read(byte[] bytes, Descriptor descriptor) {}

  /** One file's result in a scan. */
  private record FileResult(Path source, Descriptor descriptor, Live live) {}

  private record Snapshot(Map<String, Live> byName, List<FileResult> files) {}

  /**
   * Reads every {@code *.websocket} file again and serves what they now declare. Returns the
   * status of each file, in path order.
   *
   * @throws UncheckedIOException if the directory cannot be listed (the endpoints served stay
   *     as they were)
   */
  public synchronized List<EndpointStatus> scan() {
    List<Path> files = list();
    Map<Path, Read> reads = new LinkedHashMap<>();
    for (Path rel : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(directory.resolve(rel));
      } catch (IOException e) {
        reads.put(rel, new Read(new byte[0], new Descriptor(null, null, null, List.of("cannot read the file: " + e))));
        continue;
      }
      Read before = lastRead.get(rel);
      reads.put(rel, before != null && Arrays.equals(before.bytes, bytes) ? before : new Read(bytes, Descriptor.parse(bytes)));
    }

    // Handlers: one instance per name, kept across scans while some file names it.
    Map<String, WebSocketHandler> handlers = new HashMap<>();
    Map<String, String> handlerErrors = new HashMap<>();
    for (Read r : reads.values()) {
      Descriptor d = r.descriptor;
      if (!d.isValid() || handlers.containsKey(d.handler()) || handlerErrors.containsKey(d.handler())) {
        continue;
      }
      WebSocketHandler h = instances.get(d.handler());
      if (h == null) {
        HandlerResolver.Resolution res = resolver.resolve(d.handler());
        if (res.error() != null) {
          handlerErrors.put(d.handler(), res.error());
          continue;
        }
        h = res.handler();
      }
      handlers.put(d.handler(), h);
    }
    instances.keySet().retainAll(handlers.keySet());
    instances.putAll(handlers);

    Map<String, Live> before = snapshot.byName;
    Map<String, Live> byName = new LinkedHashMap<>();
    Map<String, Path> declaredBy = new HashMap<>();
    List<FileResult> results = new ArrayList<>();
    for (Map.Entry<Path, Read> e : reads.entrySet()) {
      Path rel = e.getKey();
      Descriptor d = e.getValue().descriptor;
      if (d.isValid() && handlerErrors.containsKey(d.handler())) {
        d = d.withError(handlerErrors.get(d.handler()));
      }
      if (d.isValid() && declaredBy.containsKey(d.endpoint())) {
        d = d.withError("endpoint '" + d.endpoint() + "' is already declared by " + declaredBy.get(d.endpoint())
            + "; endpoint names must be unique");
      }
      Live live = null;
      if (d.isValid()) {
        declaredBy.put(d.endpoint(), rel);
        WebSocketHandler h = handlers.get(d.handler());
        Live old = before.get(d.endpoint());
        if (old != null && old.handler == h) {
          live = old;
          live.description = d.description();
          live.source = rel;
        } else {
          live = new Live(d.endpoint(), d.handler(), h, d.description(), rel);
        }
        byName.put(d.endpoint(), live);
      }
      results.add(new FileResult(rel, d, live));
    }
    boolean changed = !reads.equals(lastRead) || !byName.equals(before);
    snapshot = new Snapshot(Map.copyOf(byName), List.copyOf(results));
    lastRead.clear();
    lastRead.putAll(reads);

    for (Live old : before.values()) {
      if (byName.get(old.name) != old) {
        retire(old);
      }
    }
    List<EndpointStatus> statuses = endpoints();
    if (changed) {
      for (EndpointStatus s : statuses) {
        if (s.active()) {
          log.info("{}", s);
        } else {
          log.warn("{}", s);
        }
      }
      if (onChange != null) {
        onChange.accept(statuses);
      }
    }
    return statuses;
  }

  private List<Path> list() {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
          .map(directory::relativize)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof IOException i ? i : ((UncheckedIOException) e).getCause();
      throw new UncheckedIOException("cannot list endpoint descriptors in " + directory + ": " + io, io);
    }
  }

  /** Closes the sessions of an endpoint that is no longer served as it was. */
  private static void retire(Live live) {
    live.retired = true;
    for (Session s : live.sessions) {
      closeRetired(s, live);
    }
  }

  private static void closeRetired(Session s, Live live) {
    try {
      s.close(1001, "endpoint " + live.name + " was removed or reconfigured");
    } catch (RuntimeException e) {
      log.debug("closing {} of retired endpoint {}", s, live.name, e);
    }
  }

  /** Every descriptor file as of the last {@link #scan()}, with live session counts, in path order. */
  public List<EndpointStatus> endpoints() {
    List<EndpointStatus> out = new ArrayList<>();
    for (FileResult f : snapshot.files) {
      Descriptor d = f.descriptor;
      out.add(new EndpointStatus(d.endpoint(), d.endpoint() == null ? null : SERVICE_PATH + d.endpoint(), d.handler(),
          f.live != null ? f.live.description : d.description(), f.source, f.live != null, d.errors(),
          f.live != null ? f.live.sessions.size() : 0));
    }
    return out;
  }

  /** The route that serves every endpoint: {@code /websockets/v4/service/*}. */
  public Route route() {
    return Route.of(SERVICE_PATH + "*", new Dispatcher()).withUpgradeHandler(this::upgrade);
  }

  private void upgrade(UpgradeRequest request, Upgrade upgrade) {
    String path = request.path();
    String name = path.length() > SERVICE_PATH.length() ? path.substring(SERVICE_PATH.length()) : "";
    Live live = snapshot.byName.get(name);
    if (live == null) {
      upgrade.reject(404, "no WebSocket endpoint '" + name + "'; GET " + ADMIN_PATH + " lists them");
    } else {
      upgrade.accept(live);
    }
  }

  /** Hands each session's events to the handler of the endpoint it connected to. */
  private final class Dispatcher implements Endpoint {

    @Override
    public void onOpen(Session session) {
      Live live = (Live) session.attachment();
      session.attachment(null); // the handler's to use
      sessions.put(session, live);
      live.sessions.add(session);
      live.endpoint.onOpen(session);
      if (live.retired) { // retired between the upgrade and now: retire() may not have seen it
        closeRetired(session, live);
      }
    }

    @Override
    public void onText(Session session, String text) {
      Live live = sessions.get(session);
      if (live != null) {
        live.endpoint.onText(session, text);
      }
    }

    @Override
    public void onTextUtf8(Session session, ByteBuffer utf8) {
      Live live = sessions.get(session);
      if (live != null) {
        live.endpoint.onTextUtf8(session, utf8);
      }
    }

    @Override
    public void onBinary(Session session, ByteBuffer data) {
      Live live = sessions.get(session);
      if (live != null) {
        live.endpoint.onBinary(session, data);
      }
    }

    @Override
    public void onError(Session session, Throwable error) {
      Live live = sessions.get(session);
      if (live != null) {
        live.endpoint.onError(session, error);
      }
    }

    @Override
    public void onClose(Session session, CloseEvent event) {
      Live live = sessions.remove(session);
      if (live != null) {
        live.sessions.remove(session);
        live.endpoint.onClose(session, event);
      }
    }
  }

  /**
   * An {@link HttpService} that answers {@code GET /websockets/v4/endpoints} with {@link
   * #toJson()}, a plain request under {@code /websockets/v4/service/} with 426 (it needs a
   * WebSocket upgrade), and
   * passes everything else to {@code fallback} (404 when it is null).
   */
  public HttpService adminService(HttpService fallback) {
    return request -> {
      String path = request.path();
      if (path.equals(ADMIN_PATH)) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
          return CompletableFuture.completedFuture(
              HttpResponse.text(405, request.method() + " not allowed; use GET\n").withHeader("Allow", "GET, HEAD"));
        }
        return CompletableFuture.completedFuture(HttpResponse.json(200, toJson())
            .withHeader("Cache-Control", "no-store"));
      }
      if (path.startsWith(SERVICE_PATH)) {
        return CompletableFuture.completedFuture(HttpResponse.text(426,
            path + " is a WebSocket endpoint: connect with a WebSocket client\n").withHeader("Upgrade", "websocket"));
      }
      if (fallback != null) {
        return fallback.handle(request);
      }
      return CompletableFuture.completedFuture(HttpResponse.text(404, "nothing at " + path + "\n"));
    };
  }

  /**
   * The admin listing: {@code {"directory": ..., "endpoints": [{"endpoint", "path", "handler",
   * "description", "source", "status": "active"|"invalid", "errors": [...], "sessions"}]}}.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("directory", directory.toAbsolutePath().normalize().toString());
    ArrayNode list = root.putArray("endpoints");
    for (EndpointStatus s : endpoints()) {
      ObjectNode n = list.addObject();
      n.put("endpoint", s.endpoint());
      n.put("path", s.path());
      n.put("handler", s.handler());
      n.put("description", s.description());
      n.put("source", s.source().toString().replace('\\', '/'));
      n.put("status", s.active() ? "active" : "invalid");
      ArrayNode errors = n.putArray("errors");
      s.errors().forEach(errors::add);
      n.put("sessions", s.sessions());
    }
    return root.toString();
  }

  /**
   * Scans now and then every {@code interval} on {@code executor} (which the caller owns), until
   * the returned handle is closed. A scan that fails (the directory is gone) is logged and the
   * endpoints stay as they were.
   */
  public AutoCloseable watch(ScheduledExecutorService executor, Duration interval) {
    Objects.requireNonNull(executor, "executor");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("watch interval must be positive, was " + interval);
    }
    ScheduledFuture<?> task = executor.scheduleWithFixedDelay(() -> {
      try {
        scan();
      } catch (RuntimeException e) {
        log.warn("rescanning {} failed; serving the endpoints as they were: {}", directory, e.getMessage());
      }
    }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    return () -> task.cancel(false);
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "EndpointDirectory[" + directory + ", " + s.byName.size() + " served of " + s.files.size() + " files, "
        + sessions.size() + " sessions]";
  }

  /** Configures an {@link EndpointDirectory}. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private final Map<String, WebSocketHandler> handlers = new HashMap<>();
    private ClassLoader classLoader = EndpointDirectory.class.getClassLoader();
    private Consumer<List<EndpointStatus>> onChange;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Registers a handler under a name that descriptors can use as their {@code "handler"}; a
     * registered name wins over a class of the same name.
     */
    public Builder handler(String name, WebSocketHandler handler) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("handler name must not be blank");
      }
      handlers.put(name, Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Where handler classes are looked up (default: the one that loaded this library). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "classLoader");
      return this;
    }

    /** Called after each scan that changed something, with every file's status (on the scanning thread). */
    public Builder onChange(Consumer<List<EndpointStatus>> listener) {
      this.onChange = listener;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code directory} is not a directory
     */
    public EndpointDirectory build() {
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException("endpoint descriptor directory " + directory + " is not a directory");
      }
      return new EndpointDirectory(this);
    }
  }
}
