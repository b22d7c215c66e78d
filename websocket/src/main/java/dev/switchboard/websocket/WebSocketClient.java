package dev.switchboard.websocket;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.internal.JdkDialer;
import dev.switchboard.websocket.internal.NettyDialer;
import dev.switchboard.websocket.internal.ReconnectingConnection;
import dev.switchboard.websocket.internal.Timers;
import dev.switchboard.websocket.internal.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * A WebSocket client on Netty. One client owns its event loops and can hold any number of
 * connections; share it, and {@link #close()} it when done. Thread-safe.
 *
 * <p>Two ways to connect:
 *
 * <ul>
 *   <li>{@link #open(ConnectRequest)} returns a {@link Connection} at once: a handle that is a
 *       {@code CompletionStage} of the open session, with events ({@code on}/{@code off}), a
 *       status, retries of the first connect ({@link Builder#connectRetry}), reconnection
 *       ({@link Builder#reconnect}), an offline queue ({@link Builder#offlineQueue}) and
 *       cancellation. See {@code docs/client.md}.
 *   <li>{@link #connect(ConnectRequest, Endpoint)} makes one attempt and completes with the
 *       {@link Session} after {@link Endpoint#onOpen}; nothing is retried.
 * </ul>
 *
 * <pre>{@code
 * try (WebSocketClient client = WebSocketClient.builder().build()) {
 *   Session s = client.connect(URI.create("ws://127.0.0.1:8080/echo"), new Endpoint() {
 *     public void onText(Session s, String text) { System.out.println(text); }
 *   }).join();
 *   s.sendText("hello");
 * }
 * }</pre>
 *
 * <p>Both check the URL before any I/O ({@link ConnectRequest}); plaintext {@code ws://} to a
 * host other than loopback is refused with an {@link IllegalArgumentException} unless {@link
 * Builder#allowInsecureConnections} says otherwise. A failed attempt is a {@link
 * WebSocketConnectException} that says what went wrong: DNS, refused, connect timeout, TLS, a
 * proxy, an HTTP status other than 101 (with status, headers and body), an invalid 101, a
 * handshake timeout. Callbacks and dependent stages run on the connection's event loop: do not
 * block in them.
 *
 * <p>Connections are carried by Netty (the default) or by the JDK's {@code java.net.http.WebSocket}
 * ({@link Builder#implementation}); with the JDK, each connection's callbacks still run one at a
 * time, in order, on one thread of the client's own executors ({@link Builder#ioThreads} of them).
 */
public final class WebSocketClient implements AutoCloseable {

  private final ClientImplementation implementation;
  private final EventLoopGroup group; // Netty: sockets and callbacks
  private final EventExecutorGroup executors; // JDK: callbacks and timers only (the JDK does the I/O)
  private final JdkDialer jdkDialer;
  private final ClientTls tls;
  private final boolean allowInsecure;
  private final Scheduler scheduler;
  private final ReconnectingConnection.Policy policy;
  private final NettyDialer dialer;
  /**
   * The client's open Netty channels (a closed one leaves by itself), closed before the loops stop:
   * on io_uring with a buffer ring, a socket that is still open when its loop shuts down is never
   * closed (Netty 4.2.18; docs/server.md, "Transport").
   */
  private final ChannelGroup channels;
  private volatile SslContext sslContext;

  private WebSocketClient(Builder b) {
    this.tls = b.tls;
    this.allowInsecure = b.allowInsecure;
    this.scheduler = b.scheduler;
    this.policy = new ReconnectingConnection.Policy(b.connectRetry, b.reconnect, b.offlineQueue,
        b.implementation == ClientImplementation.JDK ? JdkDialer::checkCloseCode : null);
    Limits limits = b.heartbeatInterval == null ? b.limits
        : b.limits.withPingInterval(b.heartbeatInterval).withPingTimeout(b.heartbeatTimeout);
    this.implementation = b.implementation;
    if (implementation == ClientImplementation.JDK) {
      JdkDialer.checkSupported(limits, b.compression, tls, b.proxy, b.sendUnmasked);
      this.dialer = null;
      this.channels = null;
      this.group = null;
      this.jdkDialer = new JdkDialer(limits, b.connectTimeout, this::jdkSslContext, b.proxy, b.scheduler);
      this.executors = new DefaultEventExecutorGroup(b.ioThreads, new DefaultThreadFactory("switchboard-jdk-loop", true));
    } else {
      this.channels = new DefaultChannelGroup("switchboard-client", ImmediateEventExecutor.INSTANCE);
      this.dialer = new NettyDialer(limits, b.connectTimeout, tls, this::sslContext, b.compression, b.proxy, b.scheduler)
          .sendUnmaskedFrames(b.sendUnmasked)
          .trackIn(channels);
      this.group = Transports.newGroup(b.ioThreads, "switchboard-client");
      this.executors = group;
      this.jdkDialer = null;
    }
  }

  /** What carries this client's connections. */
  public ClientImplementation implementation() {
    return implementation;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens a {@link Connection} to {@code url}; see {@link #open(ConnectRequest)}. */
  public Connection open(String url) {
    return open(ConnectRequest.to(url).build());
  }

  /**
   * Starts connecting and returns the handle at once. Listeners added right after this call
   * may miss events of a very fast connect; add them in {@link #open(ConnectRequest, Consumer)}
   * to be sure.
   *
   * @throws IllegalArgumentException at once, before any I/O, if the request is not usable
   */
  public Connection open(ConnectRequest request) {
    return open(request, c -> {});
  }

  /**
   * Like {@link #open(ConnectRequest)}, calling {@code setup} (to add listeners) before anything
   * is sent on the network.
   */
  public Connection open(ConnectRequest request, Consumer<Connection> setup) {
    checkInsecure(request);
    EventExecutor loop = executors.next();
    ReconnectingConnection.Dialer attempt = jdkDialer != null
        ? (req, endpoint, stages) -> jdkDialer.dial(loop, req, endpoint, stages)
        : (req, endpoint, stages) -> dialer.dial((EventLoop) loop, req, endpoint, stages);
    ReconnectingConnection c = new ReconnectingConnection(request, attempt, policy, new Timers(scheduler, loop), scheduler);
    setup.accept(c);
    return c.start();
  }

  /** Connects to {@code uri} (ws, wss, http or https) with no extra headers or subprotocols. */
  public CompletableFuture<Session> connect(URI uri, Endpoint endpoint) {
    return connect(ConnectRequest.to(uri).build(), endpoint);
  }

  /** Connects to {@code url}; see {@link #connect(URI, Endpoint)}. */
  public CompletableFuture<Session> connect(String url, Endpoint endpoint) {
    return connect(ConnectRequest.to(url).build(), endpoint);
  }

  /**
   * Connects once as {@code request} says. Cancelling the future aborts the attempt at whatever
   * stage it is.
   *
   * @throws IllegalArgumentException at once, before any I/O, if the request is not usable
   */
  public CompletableFuture<Session> connect(ConnectRequest request, Endpoint endpoint) {
    if (endpoint == null) {
      throw new IllegalArgumentException("endpoint must not be null");
    }
    checkInsecure(request);
    if (jdkDialer != null) {
      return jdkDialer.dial(executors.next(), request, endpoint, stage -> {});
    }
    return dialer.dial(group.next(), request, endpoint, stage -> {});
  }

  private void checkInsecure(ConnectRequest request) {
    if (jdkDialer != null) {
      JdkDialer.checkRequest(request);
    }
    if (!request.isSecure() && !allowInsecure && !request.isLoopback()) {
      throw new IllegalArgumentException(request.uri() + " is not encrypted (ws://) and " + request.uri().getHost()
          + " is not this machine: anyone on the path could read and change the traffic. Use wss://, or allow "
          + "plaintext with WebSocketClient.builder().allowInsecureConnections(true)");
    }
  }

  private SslContext sslContext() {
    SslContext ctx = sslContext;
    if (ctx == null) {
      synchronized (this) {
        if (sslContext == null) {
          sslContext = buildSsl(tls, null);
        }
        ctx = sslContext;
      }
    }
    return ctx;
  }

  /** The JDK's SSLContext for {@link ClientImplementation#JDK}, built from the same {@link ClientTls}. */
  private javax.net.ssl.SSLContext jdkSslContext() {
    return ((JdkSslContext) buildSsl(tls, SslProvider.JDK)).context();
  }

  private static SslContext buildSsl(ClientTls tls, SslProvider provider) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      if (provider != null) {
        b.sslProvider(provider);
      }
      if (tls.trustAll()) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        b.endpointIdentificationAlgorithm(null);
      } else if (tls.caFile() != null) {
        b.trustManager(tls.caFile().toFile());
      }
      if (tls.clientCertificate() != null) {
        b.keyManager(tls.clientCertificate().toFile(), tls.clientKey().toFile());
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the client's event loops, dropping any connection still open (its socket is closed
   * without a close frame: the peer sees 1006) and failing any connect under way.
   */
  @Override
  public void close() {
    if (jdkDialer != null) {
      jdkDialer.close();
    } else {
      channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    executors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * Like {@link #close()}, without waiting: safe to call from a callback on one of the client's
   * own event loops. The future completes once the loops have stopped.
   */
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (jdkDialer != null) {
      jdkDialer.close();
      executors.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
      return done;
    }
    // The sockets are closed first, the loops stopped once every close has run on its loop.
    channels.close().addListener(closed ->
        executors.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null)));
    return done;
  }

  /** Configures a client. Not thread-safe. */
  public static final class Builder {
    private Limits limits = Limits.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private ClientTls tls = ClientTls.systemTrust();
    private int ioThreads = 1;
    private DeflateConfig compression;
    private boolean allowInsecure;
    private Scheduler scheduler;
    private ClientProxy proxy;
    private RetryPolicy connectRetry = RetryPolicy.NONE;
    private RetryPolicy reconnect = RetryPolicy.NONE;
    private OfflineQueue offlineQueue = OfflineQueue.DEFAULT;
    private Duration heartbeatInterval;
    private Duration heartbeatTimeout;
    private ClientImplementation implementation = ClientImplementation.NETTY;
    private boolean sendUnmasked;

    private Builder() {}

    /**
     * What carries the connections (default {@link ClientImplementation#NETTY}). With {@link
     * ClientImplementation#JDK}, {@link #build()} throws an {@link UnsupportedOperationException}
     * naming any option set here that the JDK cannot honour.
     */
    public Builder implementation(ClientImplementation implementation) {
      this.implementation = java.util.Objects.requireNonNull(implementation, "implementation");
      return this;
    }

    /**
     * Sends every frame unmasked (default false: masked, as RFC 6455 §5.1 requires of clients).
     *
     * <p><strong>True breaks RFC 6455 §5.1.</strong> A compliant server closes the connection with
     * 1002 on the first frame; only a server that opted in with {@link
     * WebSocketServer.Builder#acceptUnmaskedFrames(boolean)} takes it. Masking keeps attacker-chosen
     * bytes from confusing proxies and caches on the way (RFC 6455 §10.3), so use this only with
     * a trusted server over a path you control, e.g. on one host, where the masking work is all
     * it would cost. A warning is logged when such a client is built.
     */
    public Builder sendUnmaskedFrames(boolean unmasked) {
      this.sendUnmasked = unmasked;
      return this;
    }

    /**
     * Offers permessage-deflate (RFC 7692) with this configuration; null (the default) offers
     * nothing. A server answer we cannot honour fails the connect with INVALID_HANDSHAKE.
     */
    public Builder compression(DeflateConfig config) {
      this.compression = config;
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = java.util.Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** How long TCP may take to connect (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive, was " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** How {@code wss://} servers are trusted (default: the JDK's trust store). */
    public Builder tls(ClientTls tls) {
      this.tls = java.util.Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Event-loop threads (default 1; more only for many busy connections). With the JDK, the
     * threads that run the callbacks and timers (the JDK's HttpClient has threads of its own).
     */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be positive, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /**
     * Allows plaintext {@code ws://} to hosts other than loopback (default false: refused with an
     * IllegalArgumentException before any I/O). Anyone on the network path can read and change
     * such a connection.
     */
    public Builder allowInsecureConnections(boolean allow) {
      this.allowInsecure = allow;
      return this;
    }

    /**
     * Where the client's timers run (retry backoff, heartbeats); default null: on the
     * connection's event loop. Tests pass a manual clock.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** The proxy for every connection (default none); a {@link ConnectRequest} may name its own. */
    public Builder proxy(ClientProxy proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * Retries of a {@link Connection}'s first connect after a retryable failure (network errors,
     * timeouts, 5xx, 429; never 4xx such as 401 or 403, TLS or handshake errors). Default {@link
     * RetryPolicy#NONE}.
     */
    public Builder connectRetry(RetryPolicy policy) {
      this.connectRetry = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Reconnection of a {@link Connection} whose session closed without {@link Connection#close}
     * (dropped, closed by the server, heartbeat timeout). Default {@link RetryPolicy#NONE}.
     */
    public Builder reconnect(RetryPolicy policy) {
      this.reconnect = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** What a {@link Connection} does with messages sent while offline (default {@link OfflineQueue#DEFAULT}). */
    public Builder offlineQueue(OfflineQueue queue) {
      this.offlineQueue = java.util.Objects.requireNonNull(queue, "queue");
      return this;
    }

    /**
     * Heartbeats: a ping after {@code interval} without any frame from the server; no frame
     * within {@code timeout} after it drops the connection with a {@link
     * HeartbeatTimeoutException} (and a {@link Connection} reconnects if {@link #reconnect} is on).
     * Sets {@link Limits#pingInterval()} and {@link Limits#pingTimeout()}, overriding {@link #limits}.
     */
    public Builder heartbeat(Duration interval, Duration timeout) {
      Limits.DEFAULT.withPingInterval(interval).withPingTimeout(timeout); // validates
      if (interval.isZero()) {
        throw new IllegalArgumentException("heartbeat interval must be positive, was " + interval);
      }
      this.heartbeatInterval = interval;
      this.heartbeatTimeout = timeout;
      return this;
    }

    public WebSocketClient build() {
      if (sendUnmasked) {
        org.slf4j.LoggerFactory.getLogger(WebSocketClient.class).warn(
            "this client sends unmasked frames, breaking RFC 6455 §5.1: only trusted servers that accept them will talk to it");
      }
      return new WebSocketClient(this);
    }
  }
}
