package dev.switchboard.hub.server;

import dev.switchboard.hub.HubService;
import dev.switchboard.hub.server.auth.AccessKeys;
import dev.switchboard.hub.server.auth.ClientTokens;
import dev.switchboard.hub.server.auth.ConnectionString;
import dev.switchboard.hub.server.auth.ReconnectionTokens;
import dev.switchboard.hub.server.auth.RequestAuthenticator;
import dev.switchboard.hub.server.client.ClientEndpoint;
import dev.switchboard.hub.server.client.UpstreamBridge;
import dev.switchboard.hub.server.upstream.EventHandlers;
import dev.switchboard.hub.server.upstream.Scheduler;
import dev.switchboard.hub.server.upstream.Upstream;
import dev.switchboard.hub.server.upstream.UpstreamOptions;
import dev.switchboard.hub.server.rest.RestApi;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.ServerLimits;
import dev.switchboard.websocket.ServerTls;
import dev.switchboard.websocket.WebSocketServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as a service: Azure Web PubSub's data-plane REST API under {@code /api} and the client
 * endpoint under {@code /client}, on one port, over an in-memory {@link HubService}. Azure's
 * SDKs drive it unchanged with {@link #connectionString()}. Thread-safe.
 *
 * <pre>{@code
 * try (HubServer hub = HubServer.start(HubServerConfig.defaults().withPort(0)
 *     .withAccessKeys(List.of(AccessKeys.generateKey())))) {
 *   System.out.println(hub.connectionString().format());
 * }
 * }</pre>
 */
public final class HubServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HubServer.class);

  /** How long {@link #close()} waits for clients to finish their closing handshakes. */
  public static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

  private final HubServerConfig config;
  private final AccessKeys keys;
  private final HubService hubs;
  private final WebSocketServer server;
  private final URI endpoint;
  private final ScheduledExecutorService upstreamTimer;

  private HubServer(HubServerConfig config) {
    if (config.accessKeys().isEmpty()) {
      throw new IllegalArgumentException("no access key configured: set accessKeys in the config file, "
          + "SWITCHBOARD_HUB_ACCESS_KEY, or let 'switchboard hub' generate one");
    }
    this.config = config;
    this.keys = new AccessKeys(config.accessKeys().get(0), config.accessKeys().size() > 1 ? config.accessKeys().get(1) : null);
    List<URI> publicEndpoints = config.publicEndpoint() == null ? List.of() : List.of(config.publicEndpoint());
    Clock clock = Clock.systemUTC();
    ClientTokens clientTokens = new ClientTokens(() -> keys, clock, RequestAuthenticator.DEFAULT_CLOCK_SKEW, publicEndpoints);
    RequestAuthenticator authenticator =
        new RequestAuthenticator(() -> keys, clock, RequestAuthenticator.DEFAULT_CLOCK_SKEW, publicEndpoints);
    ReconnectionTokens reconnection = ReconnectionTokens.withRandomSecret(clock, ReconnectionTokens.DEFAULT_LIFETIME);
    AtomicReference<Upstream> upstream = new AtomicReference<>();
    UpstreamBridge bridge = new UpstreamBridge(upstream::get);
    HubService.Builder hb = HubService.builder().listener(bridge);
    config.hubs().keySet().forEach(hb::declareHub);
    this.hubs = hb.build();
    RestApi rest = new RestApi(hubs, authenticator, clientTokens, config.publicEndpoint(), config::isHubAllowed);
    ClientEndpoint client = new ClientEndpoint(hubs, clientTokens, reconnection, config::hub, config::isHubAllowed,
        config.publicEndpoint());
    client.gate(bridge);
    // Each client session runs under these with its own hub's keep-alive (ClientEndpoint).
    Limits limits = Limits.DEFAULT
        .withMaxMessageBytes(config.maxMessageBytes())
        .withMaxFramePayloadBytes(Math.max(125, config.maxMessageBytes()))
        .withHandshakeTimeout(config.handshakeTimeout())
        .withMaxBufferedBytes(config.maxBufferedBytes())
        .withPingInterval(HubSettings.DEFAULT_KEEP_ALIVE);
    client.limits(limits);
    WebSocketServer.Builder b = WebSocketServer.builder()
        .host(config.host())
        .port(config.port())
        .limits(limits)
        .limits(ServerLimits.DEFAULT.withMaxHttpBodyBytes(config.maxHttpBodyBytes()))
        .http(rest)
        .route(client.route());
    if (config.isTls()) {
      b.tls(ServerTls.of(config.tlsCertificate(), config.tlsPrivateKey()));
    }
    try {
      this.server = b.start();
    } catch (RuntimeException e) {
      hubs.close();
      throw e;
    }
    String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    this.endpoint = config.publicEndpoint() != null ? config.publicEndpoint()
        : URI.create((config.isTls() ? "https" : "http") + "://" + host + ":" + server.port());
    this.upstreamTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-upstream-timer");
      t.setDaemon(true);
      return t;
    });
    upstream.set(new Upstream(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), () -> keys,
        hub -> new EventHandlers(config.hub(hub).eventHandlers()), UpstreamOptions.defaults(endpoint.getRawAuthority()),
        Scheduler.of(upstreamTimer), clock));
    log.info("hub listening on {} (REST under /api, clients under /client/hubs/)", endpoint);
  }

  /**
   * Starts a hub server.
   *
   * @throws IllegalArgumentException for a configuration that cannot work (no access key, a
   *     key shorter than 32 bytes, unreadable TLS files)
   * @throws IllegalStateException if the port cannot be bound
   */
  public static HubServer start(HubServerConfig config) {
    return new HubServer(config);
  }

  public HubServerConfig config() {
    return config;
  }

  /** The bound port (the real one when the config said 0). */
  public int port() {
    return server.port();
  }

  /** The URL SDKs use: the public endpoint, or {@code http(s)://host:port}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The connection string for the SDKs, with the primary key. */
  public ConnectionString connectionString() {
    return new ConnectionString(endpoint, keys.primary());
  }

  /** The pub/sub core, e.g. to send from the same process. */
  public HubService hubs() {
    return hubs;
  }

  /**
   * The most bytes waiting to be written to any one client's socket right now, a gauge for
   * monitoring: each client is cut off before it would pass {@link HubServerConfig#maxBufferedBytes()}.
   */
  public long largestClientBacklogBytes() {
    long max = 0;
    for (dev.switchboard.websocket.Session s : server.sessions()) {
      max = Math.max(max, s.bufferedAmount());
    }
    return max;
  }

  /** The transport in use: "epoll" or "nio". */
  public String transport() {
    return server.transport();
  }

  /**
   * Stops accepting, closes every client with 1001, waits up to {@code deadline}, then stops the
   * hub core. Calling it again returns the same future.
   */
  public CompletableFuture<Void> shutdown(Duration deadline) {
    return server.shutdown(deadline).whenComplete((v, t) -> {
      hubs.close();
      upstreamTimer.shutdownNow();
    });
  }

  @Override
  public void close() {
    shutdown(CLOSE_DEADLINE).join();
  }

  @Override
  public String toString() {
    return "HubServer[" + endpoint + ", " + server + "]";
  }
}
