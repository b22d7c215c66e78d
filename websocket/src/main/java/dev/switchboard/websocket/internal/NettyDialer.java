package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.ClientProxy;
import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.ConnectStage;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Scheduler;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketConnectException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.proxy.ProxyConnectionEvent;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One connect attempt on Netty: TCP (through a proxy when there is one), TLS, the opening
 * handshake; every failure a {@link WebSocketConnectException} naming its stage. Thread-safe.
 */
public final class NettyDialer {

  private final Limits limits;
  private final Duration connectTimeout;
  private final ClientTls tls;
  private final Supplier<SslContext> ssl;
  private final DeflateConfig compression;
  private final ClientProxy proxy;
  private final Scheduler scheduler;
  private boolean sendUnmasked;
  private ChannelGroup channels;

  public NettyDialer(Limits limits, Duration connectTimeout, ClientTls tls, Supplier<SslContext> ssl,
      DeflateConfig compression, ClientProxy proxy, Scheduler scheduler) {
    this.limits = limits;
    this.connectTimeout = connectTimeout;
    this.tls = tls;
    this.ssl = ssl;
    this.compression = compression;
    this.proxy = proxy;
    this.scheduler = scheduler;
  }

  /**
   * Makes every connection send unmasked frames, breaking RFC 6455 §5.1 (for trusted servers that
   * accept them); call before the first dial. Returns this dialer.
   */
  public NettyDialer sendUnmaskedFrames(boolean unmasked) {
    this.sendUnmasked = unmasked;
    return this;
  }

  /**
   * Adds every channel this dialer makes to {@code channels} (a channel leaves the group when it
   * closes), so that its owner can close them before it stops their event loops; call before the
   * first dial. Returns this dialer.
   */
  public NettyDialer trackIn(ChannelGroup channels) {
    this.channels = channels;
    return this;
  }

  /**
   * Starts connecting on {@code loop}; {@code stages} hears each stage reached (on the loop).
   * Cancelling the returned future aborts the attempt.
   */
  public CompletableFuture<Session> dial(EventLoop loop, ConnectRequest request, Endpoint endpoint,
      Consumer<ConnectStage> stages) {
    URI uri = request.uri();
    ClientProxy via = request.proxy() != null ? request.proxy() : proxy;
    CompletableFuture<Session> result = new CompletableFuture<>();
    SslContext context = request.isSecure() ? ssl.get() : null;
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channel(Transports.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            if (via != null) {
              ProxyHandler handler = proxyHandler(via);
              handler.setConnectTimeoutMillis(timeoutMillis);
              p.addLast("proxy", handler);
            }
            if (context != null) {
              SSLEngine engine = context.newEngine(ch.alloc(), uri.getHost(), request.port());
              if (!tls.trustAll()) {
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(params);
              }
              p.addLast("tls", new SslHandler(engine));
            }
            if (via != null || context != null) {
              p.addLast("stage", new StageTracker(context != null, stages));
            }
            int head = limits.maxHandshakeHeaderBytes();
            p.addLast(ClientHandshakeHandler.HTTP_CODEC, new HttpClientCodec(4096, head, 8192));
            p.addLast(ClientHandshakeHandler.NAME,
                new ClientHandshakeHandler(request, endpoint, limits, context != null, result, compression)
                    .sendUnmaskedFrames(sendUnmasked));
          }
        });
    Transports.configure(bootstrap);
    if (scheduler != null) {
      bootstrap.attr(Timers.SCHEDULER, scheduler);
    }
    stages.accept(ConnectStage.TCP);
    ChannelFuture connect;
    try {
      if (via != null) {
        // The proxy resolves the target: hand it the name, unresolved.
        bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
        connect = bootstrap.connect(InetSocketAddress.createUnresolved(uri.getHost(), request.port()));
      } else {
        connect = bootstrap.connect(uri.getHost(), request.port());
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(new WebSocketConnectException(uri, ConnectFailure.CONNECTION_LOST, e.toString(), e));
      return result;
    }
    if (channels != null) {
      channels.add(connect.channel());
    }
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(classify(uri, request.port(), via, f.cause()));
      } else if (!result.isDone()) {
        stages.accept(via != null ? ConnectStage.PROXY : context != null ? ConnectStage.TLS : ConnectStage.HANDSHAKE);
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

  private static ProxyHandler proxyHandler(ClientProxy p) {
    InetSocketAddress address = new InetSocketAddress(p.host(), p.port());
    if (p.type() == ClientProxy.Type.HTTP) {
      return p.username() == null ? new HttpProxyHandler(address) : new HttpProxyHandler(address, p.username(), p.password());
    }
    return p.username() == null ? new Socks5ProxyHandler(address) : new Socks5ProxyHandler(address, p.username(), p.password());
  }

  private static WebSocketConnectException classify(URI uri, int port, ClientProxy via, Throwable cause) {
    if (via != null && !(cause instanceof CancellationException) && !(cause instanceof ProxyConnectException)) {
      String why = cause instanceof UnresolvedAddressException ? "cannot resolve the proxy host"
          : cause instanceof ConnectTimeoutException ? "timed out connecting to the proxy"
          : cause instanceof ConnectException ? "connection refused by the proxy address"
          : String.valueOf(cause);
      return new WebSocketConnectException(uri, ConnectFailure.PROXY_FAILURE, why + " (" + via + ")", cause);
    }
    if (cause instanceof ProxyConnectException) {
      return proxyFailure(uri, via, (ProxyConnectException) cause);
    }
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

  /**
   * A proxy that failed to open the tunnel: 407, 401 (tinyproxy's answer to a wrong password: the
   * origin was never reached, so it can only be the proxy's) or a SOCKS5 authentication failure is
   * an auth failure.
   */
  static WebSocketConnectException proxyFailure(URI uri, Object via, ProxyConnectException e) {
    String message = String.valueOf(e.getMessage());
    boolean auth = message.contains("status: 407") || message.contains("status: 401") || message.contains("authStatus:")
        || message.contains("unexpected authMethod");
    return new WebSocketConnectException(uri, auth ? ConnectFailure.PROXY_AUTH_FAILURE : ConnectFailure.PROXY_FAILURE,
        (auth ? "the proxy rejected our credentials or wants some: " : "the proxy did not open the tunnel: ") + message
            + (via != null ? " (" + via + ")" : ""), e);
  }

  /** Reports the proxy and TLS stages as they complete, then leaves the pipeline. */
  private static final class StageTracker extends ChannelInboundHandlerAdapter {
    private final boolean tls;
    private final Consumer<ConnectStage> stages;

    StageTracker(boolean tls, Consumer<ConnectStage> stages) {
      this.tls = tls;
      this.stages = stages;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ProxyConnectionEvent) {
        stages.accept(tls ? ConnectStage.TLS : ConnectStage.HANDSHAKE);
        if (!tls) {
          ctx.pipeline().remove(this);
        }
      } else if (evt instanceof SslHandshakeCompletionEvent && ((SslHandshakeCompletionEvent) evt).isSuccess()) {
        stages.accept(ConnectStage.HANDSHAKE);
        ctx.pipeline().remove(this);
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
