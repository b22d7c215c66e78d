package dev.switchboard.websocket;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.internal.ClientHandshakeHandler;
import dev.switchboard.websocket.internal.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A WebSocket client on Netty. One client owns its event loops and can hold any number of
 * connections; share it, and {@link #close()} it when done. Thread-safe.
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
 * <p>{@link #connect} returns at once; the future completes after {@link Endpoint#onOpen} or
 * fails with a {@link WebSocketConnectException} that says what went wrong: DNS, refused,
 * connect timeout, TLS, an HTTP status other than 101 (with status, headers and body), an
 * invalid 101, a handshake timeout. Cancelling the future aborts the attempt at whatever stage
 * it is. Callbacks and dependent stages of the future run on the connection's event loop: do not
 * block in them.
 */
public final class WebSocketClient implements AutoCloseable {

  private final EventLoopGroup group;
  private final Limits limits;
  private final Duration connectTimeout;
  private final ClientTls tls;
  private final DeflateConfig compression;
  private final boolean sendUnmasked;
  private volatile SslContext sslContext;

  private WebSocketClient(Builder b) {
    this.limits = b.limits;
    this.connectTimeout = b.connectTimeout;
    this.tls = b.tls;
    this.compression = b.compression;
    this.sendUnmasked = b.sendUnmasked;
    this.group = Transports.newGroup(b.ioThreads, "switchboard-client");
  }

  public static Builder builder() {
    return new Builder();
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
   * Connects as {@code request} says.
   *
   * @throws IllegalArgumentException at once, before any I/O, if the request is not usable
   */
  public CompletableFuture<Session> connect(ConnectRequest request, Endpoint endpoint) {
    if (endpoint == null) {
      throw new IllegalArgumentException("endpoint must not be null");
    }
    URI uri = request.uri();
    CompletableFuture<Session> result = new CompletableFuture<>();
    SslContext ssl = request.isSecure() ? sslContext() : null;
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(Transports.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
              SSLEngine engine = ssl.newEngine(ch.alloc(), uri.getHost(), request.port());
              if (!tls.trustAll()) {
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(params);
              }
              p.addLast("tls", new SslHandler(engine));
            }
            int head = limits.maxHandshakeHeaderBytes();
            p.addLast(ClientHandshakeHandler.HTTP_CODEC, new HttpClientCodec(4096, head, 8192));
            p.addLast(ClientHandshakeHandler.NAME,
                new ClientHandshakeHandler(request, endpoint, limits, ssl != null, result, compression)
                    .sendUnmaskedFrames(sendUnmasked));
          }
        });
    ChannelFuture connect;
    try {
      connect = bootstrap.connect(uri.getHost(), request.port());
    } catch (RuntimeException e) {
      result.completeExceptionally(new WebSocketConnectException(uri, ConnectFailure.CONNECTION_LOST, e.toString(), e));
      return result;
    }
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(classify(uri, request.port(), f.cause()));
      }
    });
    result.whenComplete((session, error) -> {
      if (error instanceof CancellationException) {
        connect.cancel(false);
        connect.channel().close();
      }
    });
    return result;
  }

  private static WebSocketConnectException classify(URI uri, int port, Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return new WebSocketConnectException(uri, ConnectFailure.DNS_FAILURE,
          "cannot resolve host '" + uri.getHost() + "'", cause);
    }
    if (cause instanceof ConnectTimeoutException) {
      return new WebSocketConnectException(uri, ConnectFailure.CONNECT_TIMEOUT, cause.getMessage(), cause);
    }
    if (cause instanceof ConnectException) {
      return new WebSocketConnectException(uri, ConnectFailure.CONNECTION_REFUSED,
          "connection refused: nothing listens on " + uri.getHost() + ":" + port, cause);
    }
    if (cause instanceof CancellationException) {
      return new WebSocketConnectException(uri, ConnectFailure.CANCELLED, "cancelled", cause);
    }
    return new WebSocketConnectException(uri, ConnectFailure.CONNECTION_LOST, String.valueOf(cause), cause);
  }

  private SslContext sslContext() {
    SslContext ctx = sslContext;
    if (ctx == null) {
      synchronized (this) {
        if (sslContext == null) {
          sslContext = buildSsl(tls);
        }
        ctx = sslContext;
      }
    }
    return ctx;
  }

  private static SslContext buildSsl(ClientTls tls) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
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

  /** Stops the client's event loops, dropping any connection still open. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * Like {@link #close()}, without waiting: safe to call from a callback on one of the client's
   * own event loops. The future completes once the loops have stopped.
   */
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
    return done;
  }

  /** Configures a client. Not thread-safe. */
  public static final class Builder {
    private Limits limits = Limits.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private ClientTls tls = ClientTls.systemTrust();
    private int ioThreads = 1;
    private DeflateConfig compression;
    private boolean sendUnmasked;

    private Builder() {}

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

    /** Event-loop threads (default 1; more only for many busy connections). */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be positive, was " + threads);
      }
      this.ioThreads = threads;
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
