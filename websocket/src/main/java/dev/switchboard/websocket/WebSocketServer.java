package dev.switchboard.websocket;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.websocket.internal.Admission;
import dev.switchboard.websocket.internal.NettyConnection;
import dev.switchboard.websocket.internal.Router;
import dev.switchboard.websocket.internal.ServerChannels;
import dev.switchboard.websocket.internal.ServerUpgradeHandler;
import dev.switchboard.websocket.internal.Topics;
import dev.switchboard.websocket.internal.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server on Netty: routes by path, validates and decides opening requests, serves
 * {@code ws://} or {@code wss://}. Thread-safe.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *     .port(8080)
 *     .route("/echo", new Endpoint() {
 *       public void onText(Session s, String text) { s.sendText(text); }
 *     })
 *     .start();
 * }</pre>
 *
 * <p>Unknown paths are answered 404, malformed upgrades 400, a wrong {@code
 * Sec-WebSocket-Version} 426, an oversized request head 431; a client that does not complete the
 * opening handshake within {@link Limits#handshakeTimeout()} is disconnected. Connection counts and
 * the handshake rate are bounded by {@link ServerLimits} (503 or 429 with {@code Retry-After}).
 * {@link #shutdown(Duration)} stops accepting, closes every session with 1001 and waits for them.
 *
 * <p>Topics: a session {@link Session#subscribe(String) subscribes}; {@link #publish(String,
 * CharSequence)} frames a message once and writes the same bytes to every subscriber, from any
 * thread. See {@code docs/server.md}.
 */
public final class WebSocketServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

  private final Builder config;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  // Every accepted channel, in its handshake or a session, until it closes. One entry and one close
  // listener per channel (no channel group, no second set of sessions): per-connection memory.
  private final ServerChannels channels = new ServerChannels();
  // The close listeners, one instance each for every channel (a lambda per channel costs 24 bytes
  // per idle connection): the address to release is asked of the closed channel, which still
  // answers with it (the compact epoll channel keeps it; Netty's channels cache it at accept).
  private final ChannelFutureListener forgetRefused = f -> channels.remove(f.channel());
  private final ChannelFutureListener forgetAdmitted = f -> closedAfterAdmission(f.channel());
  private final List<Channel> serverChannels = new ArrayList<>();
  private final Channel serverChannel;
  private final Topics topics;
  private final Admission admission;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile boolean shuttingDown;

  private WebSocketServer(Builder b) throws InterruptedException {
    this.config = b;
    Router router = new Router(b.routes);
    SslContext ssl = b.tls == null ? null : buildSsl(b.tls);
    boolean reusePort = b.reusePort && Transports.supportsReusePort();
    if (b.reusePort && !reusePort) {
      log.warn("reusePort needs a native transport, epoll or io_uring ({} in use): binding one listening socket", Transports.name());
    }
    int listeners = reusePort ? b.ioThreads : 1;
    this.bossGroup = Transports.newGroup(listeners, "switchboard-accept");
    this.workerGroup = Transports.newGroup(b.ioThreads, "switchboard-io");
    this.topics = new Topics(workerGroup, b.compression, b.serverLimits.slowConsumerPolicy(), ByteBufAllocator.DEFAULT);
    this.admission = new Admission(b.serverLimits, System::nanoTime);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channelFactory(Transports.serverChannel())
        .option(ChannelOption.SO_BACKLOG, b.backlog)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Netty's adaptive sizing, without a handle per connection where the transport allows.
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, Transports.serverReceiveAllocator())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (shuttingDown) {
              ch.close();
              return;
            }
            channels.add(ch);
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
              p.addLast("tls", ssl.newHandler(ch.alloc()));
            }
            ServerUpgradeHandler handler =
                new ServerUpgradeHandler(router, b.limits, ssl != null, WebSocketServer.this::track, b.compression,
                    b.http, b.serverLimits).acceptUnmaskedFrames(b.acceptUnmasked).withTopics(topics);
            Admission.Refusal refusal = admission.admit(ch.remoteAddress().getAddress());
            if (refusal != null) {
              log.debug("{}: refusing with {}: {}", ch, refusal.status(), refusal.message());
              handler.refusing(refusal);
              ch.closeFuture().addListener(forgetRefused);
            } else {
              ch.closeFuture().addListener(forgetAdmitted);
            }
            ServerUpgradeHandler.addTo(p, b.limits, handler);
          }
        });
    Transports.configure(bootstrap);
    if (reusePort) {
      Transports.reusePort(bootstrap);
    }
    try {
      Channel first = bootstrap.bind(b.host, b.port).sync().channel();
      serverChannels.add(first);
      int port = ((InetSocketAddress) first.localAddress()).getPort();
      for (int i = 1; i < listeners; i++) {
        serverChannels.add(bootstrap.bind(b.host, port).sync().channel());
      }
      this.serverChannel = first;
      if (b.serverLimits.handshakesPerSecondPerIp() > 0) {
        bossGroup.next().scheduleAtFixedRate(admission::sweep, 10, 10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      serverChannels.forEach(Channel::close);
      bossGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workerGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    String host = bound.getAddress().getHostAddress();
    log.info("WebSocket server listening on {}://{}:{} ({} transport, {} routes, {} listening socket{})",
        ssl != null ? "wss" : "ws", host.indexOf(':') >= 0 ? "[" + host + "]" : host, bound.getPort(),
        Transports.name(), b.routes.size(), listeners, listeners == 1 ? "" : "s with SO_REUSEPORT");
    if (b.acceptUnmasked) {
      log.warn("this server accepts unmasked frames from clients, breaking RFC 6455 §5.1: only for trusted clients");
    }
  }

  private static SslContext buildSsl(ServerTls tls) {
    try {
      SslContextBuilder sb = SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile());
      if (tls.clientCa() != null) {
        sb.trustManager(tls.clientCa().toFile())
            .clientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
      }
      return sb.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot load TLS certificate/key from " + tls.certificateChain()
          + " and " + tls.privateKey() + ": " + e.getMessage() + " (the key must be unencrypted PKCS#8 PEM)", e);
    }
  }

  private void track(NettyConnection connection) {
    // Nothing to keep: sessions() finds each channel's session (NettyConnection.of).
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address the server is bound to; with port 0 the ephemeral port chosen. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The port the server is bound to. */
  public int port() {
    return address().getPort();
  }

  /** The open sessions, a snapshot. */
  public List<Session> sessions() {
    List<Session> open = new ArrayList<>();
    for (Channel ch : channels.snapshot()) {
      NettyConnection session = NettyConnection.of(ch);
      if (session != null && session.readyState() != ReadyState.CLOSED) {
        open.add(session);
      }
    }
    return open;
  }

  /**
   * Sends a text message to every session subscribed to {@code topic}, from any thread. The
   * message is framed once (and compressed once per compressor window in use by subscribers
   * whose permessage-deflate keeps no context, {@code server_no_context_takeover}; subscribers
   * whose compressor keeps context get it uncompressed, which RFC 7692 allows) and the same bytes
   * are written to every subscriber, with one flush per event-loop turn.
   *
   * <p>Messages published from one thread reach each subscriber in that order; concurrent
   * publishers' messages have no order across event loops. A subscriber whose buffer would pass
   * {@link Limits#maxBufferedBytes()} is handled by {@link ServerLimits#slowConsumerPolicy()}.
   *
   * @return completes, once every event loop has handed the message to its subscribers, with the
   *     number of sessions it was queued for (not counting dropped messages or closing sessions);
   *     it does not wait for the socket writes
   * @throws IllegalArgumentException if {@code topic} is null or empty
   */
  public CompletableFuture<Integer> publish(String topic, CharSequence text) {
    return topics.publish(topic, text);
  }

  /** As {@link #publish(String, CharSequence)}, a binary message of {@code data}'s remaining bytes (not consumed). */
  public CompletableFuture<Integer> publish(String topic, ByteBuffer data) {
    return topics.publish(topic, data);
  }

  /** As {@link #publish(String, CharSequence)}, a binary message. */
  public CompletableFuture<Integer> publish(String topic, byte[] data) {
    return topics.publish(topic, ByteBuffer.wrap(data));
  }

  /** The topic engine, for tests that count encodings. */
  Topics topics() {
    return topics;
  }

  /** Connections admitted and still open, opening handshakes included. */
  public int connectionCount() {
    return admission.connections();
  }

  /**
   * The addresses of the listening sockets: one, or one per I/O thread with {@link
   * Builder#reusePort(boolean)} on the epoll transport (all on the same port).
   */
  public List<InetSocketAddress> listeningAddresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (Channel c : serverChannels) {
      out.add((InetSocketAddress) c.localAddress());
    }
    return out;
  }

  /** The transport in use: "epoll" or "nio". */
  public String transport() {
    return Transports.name();
  }

  /**
   * Stops accepting, closes every session with 1001 (going away), waits up to {@code deadline}
   * for the closing handshakes, then drops what is left and stops the event loops. Returns a
   * future that completes when all that is done; calling it again returns the same future.
   */
  public CompletableFuture<Void> shutdown(Duration deadline) {
    return shutdown(deadline, CloseCode.GOING_AWAY.code(), "server shutting down");
  }

  /**
   * As {@link #shutdown(Duration)}, with a chosen close code and reason: stops accepting (every
   * listening socket), closes each session with {@code code} and {@code reason} and each
   * connection still in its opening handshake without an answer, waits up to {@code deadline}
   * for the closing handshakes, then drops every connection left and stops the event loops.
   *
   * @throws IllegalArgumentException if the code may not be sent or the reason is over 123 bytes
   */
  public synchronized CompletableFuture<Void> shutdown(Duration deadline, int code, String reason) {
    if (shuttingDown) {
      return terminated;
    }
    FrameEncoder.closePayload(code, reason); // judged here, not on each loop
    if (deadline == null || deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must be zero or positive, was " + deadline);
    }
    shuttingDown = true;
    CompletableFuture<?>[] unbinding = serverChannels.stream().map(c -> {
      CompletableFuture<Void> unbound = new CompletableFuture<>();
      c.close().addListener(f -> unbound.complete(null));
      return unbound;
    }).toArray(CompletableFuture<?>[]::new);
    CompletableFuture.allOf(unbinding).whenComplete((unbound, never) -> {
      // Each channel is judged on its own event loop, where an upgrade runs as one task: it is
      // either a session (closed with the code) or still in its opening handshake (dropped: no
      // close frame is possible yet). Judged from this thread, a session whose 101 the client
      // had already read could still look untracked, and was dropped without a close frame.
      List<CompletableFuture<?>> closing = new ArrayList<>();
      for (Channel ch : channels.snapshot()) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        closing.add(done);
        try {
          ch.eventLoop().execute(() -> {
            NettyConnection session = NettyConnection.of(ch);
            if (session != null) {
              session.close(code, reason).whenComplete((e, t) -> done.complete(null));
            } else {
              ch.close().addListener(g -> done.complete(null));
            }
          });
        } catch (RejectedExecutionException e) {
          done.complete(null);
        }
      }
      CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
          .completeOnTimeout(null, deadline.toNanos(), TimeUnit.NANOSECONDS)
          .whenComplete((v, t) -> closeAll().whenComplete((w, u) -> {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(h -> terminated.complete(null));
          }));
    });
    return terminated;
  }

  private void closedAfterAdmission(Channel ch) {
    channels.remove(ch);
    admission.release(((InetSocketAddress) ch.remoteAddress()).getAddress());
  }

  /** Closes every channel still open; completes when all have closed. */
  private CompletableFuture<Void> closeAll() {
    List<CompletableFuture<Void>> closed = new ArrayList<>();
    for (Channel ch : channels.snapshot()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      closed.add(done);
      ch.close().addListener(f -> done.complete(null));
    }
    return CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0]));
  }

  /** Shuts down with a 5-second deadline and waits for it. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5)).join();
  }

  @Override
  public String toString() {
    return "WebSocketServer[" + (serverChannel.isOpen() ? "listening on " + serverChannel.localAddress() : "closed")
        + ", sessions=" + sessions().size() + ", transport=" + Transports.name() + "]";
  }

  /** Configures and starts a server. Not thread-safe; each {@link #start()} makes a new server. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private int backlog = 1024;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    private final List<Route> routes = new ArrayList<>();
    private Limits limits = Limits.DEFAULT;
    private ServerLimits serverLimits = ServerLimits.DEFAULT;
    private boolean reusePort;
    private ServerTls tls;
    private DeflateConfig compression;
    private HttpService http;
    private boolean acceptUnmasked;

    private Builder() {}

    /**
     * Accepts unmasked frames from clients besides masked ones (default false: an unmasked frame
     * closes the session with 1002, protocol error, as RFC 6455 §5.1 requires).
     *
     * <p><strong>True breaks RFC 6455 §5.1.</strong> It is the server half of {@link
     * WebSocketClient.Builder#sendUnmaskedFrames(boolean)}, for trusted clients over a path you
     * control (e.g. on one host); every other client still masks and is still served. A warning
     * is logged when such a server starts.
     */
    public Builder acceptUnmaskedFrames(boolean accept) {
      this.acceptUnmasked = accept;
      return this;
    }

    /**
     * Answers plain HTTP requests (those without {@code Upgrade: websocket}) on the same port
     * with {@code service}, e.g. a REST API or a health check beside the WebSocket routes; null
     * (the default) answers them 426 on a WebSocket route and 404 elsewhere.
     */
    public Builder http(HttpService service) {
      this.http = service;
      return this;
    }

    /** The server-wide limits (default {@link ServerLimits#DEFAULT}). */
    public Builder limits(ServerLimits limits) {
      this.serverLimits = java.util.Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Agrees to permessage-deflate (RFC 7692) with clients that offer it, compressing messages of
     * at least {@link DeflateConfig#thresholdBytes()}; null (the default) declines every offer.
     * Inflated messages are bounded by {@link Limits#maxMessageBytes()} (1009 beyond it).
     */
    public Builder compression(DeflateConfig config) {
      this.compression = config;
      return this;
    }

    /** The address to bind (default 127.0.0.1; "0.0.0.0" for every interface). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port (default 0: an ephemeral port, see {@link WebSocketServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The listen backlog (default 1024). */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be positive, was " + backlog);
      }
      this.backlog = backlog;
      return this;
    }

    /** Event-loop threads for connections (default: one per core). */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be positive, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    public Builder route(String path, Endpoint endpoint) {
      return route(Route.of(path, endpoint));
    }

    public Builder route(Route route) {
      routes.add(route);
      return this;
    }

    /** The limits of each connection (default {@link Limits#DEFAULT}). */
    public Builder limits(Limits limits) {
      this.limits = java.util.Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Binds one listening socket per I/O thread on the same port with {@code SO_REUSEPORT}, so the
     * kernel spreads accepts over them (default off). Needs the epoll transport (Linux); with NIO
     * one socket is bound and a warning logged. See {@link WebSocketServer#listeningAddresses()}.
     */
    public Builder reusePort(boolean on) {
      this.reusePort = on;
      return this;
    }

    /** Serves {@code wss://} with this certificate; null (default) for plain {@code ws://}. */
    public Builder tls(ServerTls tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException if neither a route nor an HTTP service was added, or binding
     *     failed (address in use...)
     */
    public WebSocketServer start() {
      if (routes.isEmpty() && http == null) {
        throw new IllegalStateException("add at least one route (or an HTTP service) before start()");
      }
      try {
        return new WebSocketServer(this);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while binding", e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot bind " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}
