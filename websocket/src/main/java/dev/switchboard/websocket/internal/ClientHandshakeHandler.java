package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.DeflateAgreement;
import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.ExtensionOffer;
import dev.switchboard.protocol.Handshake;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketConnectException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The client side of the opening handshake on one channel: sends the upgrade request once TCP
 * (and TLS) are up, checks the answer (RFC 6455 §4.1), then swaps the HTTP codec for a {@link
 * NettyConnection}. Confined to the channel's loop.
 */
public final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {

  public static final String HTTP_CODEC = "http-codec";
  public static final String NAME = "ws-handshake";
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final ConnectRequest request;
  private final Endpoint endpoint;
  private final Limits limits;
  private final CompletableFuture<Session> result;
  private final boolean tls;
  private final DeflateConfig deflate;
  private boolean sendUnmasked;
  private final String key = Handshake.generateKey(ThreadLocalRandom.current());

  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timeout;
  private HttpResponse refused;
  private ByteBuf refusedBody;

  public ClientHandshakeHandler(
      ConnectRequest request, Endpoint endpoint, Limits limits, boolean tls, CompletableFuture<Session> result) {
    this(request, endpoint, limits, tls, result, null);
  }

  /** A handshake that offers permessage-deflate with {@code deflate}, when not null. */
  public ClientHandshakeHandler(ConnectRequest request, Endpoint endpoint, Limits limits, boolean tls,
      CompletableFuture<Session> result, DeflateConfig deflate) {
    this.deflate = deflate;
    this.request = request;
    this.endpoint = endpoint;
    this.limits = limits;
    this.tls = tls;
    this.result = result;
  }

  /**
   * Makes the connection send unmasked frames, breaking RFC 6455 §5.1 (for trusted servers that
   * accept them); call before the handler is added. Returns this handler.
   */
  public ClientHandshakeHandler sendUnmaskedFrames(boolean unmasked) {
    this.sendUnmasked = unmasked;
    return this;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    timeout = ctx.executor().schedule(() -> fail(ConnectFailure.HANDSHAKE_TIMEOUT,
            "no 101 answer within " + limits.handshakeTimeout(), null),
        limits.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (ctx.channel().isActive() && !tls) {
      sendRequest();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    if (refusedBody != null) {
      refusedBody.release();
      refusedBody = null;
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!tls) {
      sendRequest();
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent) {
      SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
      if (e.isSuccess()) {
        sendRequest();
      } else {
        fail(ConnectFailure.TLS_FAILURE, "TLS handshake failed: " + e.cause().getMessage(), e.cause());
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void sendRequest() {
    URI uri = request.uri();
    String target = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target, Unpooled.EMPTY_BUFFER);
    HttpHeaders h = req.headers();
    boolean defaultPort = uri.getPort() == -1 || uri.getPort() == (request.isSecure() ? 443 : 80);
    h.set(HttpHeaderNames.HOST, uri.getHost() + (defaultPort ? "" : ":" + uri.getPort()))
        .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
        .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key)
        .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, Handshake.VERSION);
    if (!request.subprotocols().isEmpty()) {
      h.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", request.subprotocols()));
    }
    if (deflate != null) {
      h.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, DeflateAgreement.clientOffer(deflate).toHeaderValue());
    }
    request.headers().forEach(h::add);
    ctx.writeAndFlush(req).addListener(f -> {
      if (f.cause() instanceof ProxyConnectException) { // a proxy fails the writes it held back
        complete(NettyDialer.proxyFailure(request.uri(), null, (ProxyConnectException) f.cause()));
      } else if (!f.isSuccess()) {
        fail(ConnectFailure.CONNECTION_LOST, "could not send the upgrade request: " + f.cause().getMessage(), f.cause());
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (result.isDone()) {
        return;
      }
      if (msg instanceof HttpResponse) {
        HttpResponse res = (HttpResponse) msg;
        if (res.decoderResult().isFailure()) {
          fail(ConnectFailure.INVALID_HANDSHAKE, "malformed HTTP answer: " + res.decoderResult().cause().getMessage(),
              res.decoderResult().cause());
          return;
        }
        if (res.status().code() == 101) {
          upgrade(res);
          return;
        }
        refused = res;
        refusedBody = ctx.alloc().buffer();
      }
      if (msg instanceof HttpContent && refused != null) {
        ByteBuf content = ((HttpContent) msg).content();
        int room = MAX_ERROR_BODY - refusedBody.readableBytes();
        refusedBody.writeBytes(content, content.readerIndex(), Math.min(room, content.readableBytes()));
        if (msg instanceof LastHttpContent || refusedBody.readableBytes() >= MAX_ERROR_BODY) {
          failRefused();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void failRefused() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : refused.headers().names()) {
      headers.put(name.toLowerCase(Locale.ROOT), refused.headers().getAll(name));
    }
    String body = refusedBody.toString(StandardCharsets.UTF_8);
    int status = refused.status().code();
    WebSocketConnectException e = new WebSocketConnectException(request.uri(), ConnectFailure.HTTP_STATUS,
        "server answered " + status + " " + refused.status().reasonPhrase()
            + (body.isBlank() ? "" : ": " + abbreviate(body.strip())),
        null, status, headers, body);
    complete(e);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private void upgrade(HttpResponse res) {
    HttpHeaders h = res.headers();
    String problem = Handshake.checkResponse(key, h::getAll);
    String protocol = h.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (problem == null) {
      if (protocol != null && !request.subprotocols().contains(protocol.trim())) {
        problem = "the server chose subprotocol '" + protocol + "', which we did not offer";
      } else if (protocol == null && !request.subprotocols().isEmpty()) {
        problem = "the server chose none of the subprotocols we offered " + request.subprotocols();
      }
    }
    PerMessageDeflate compression = null;
    if (problem == null && h.contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
      if (deflate == null) {
        problem = "the server answered with extensions we did not offer: " + h.get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
      } else {
        try {
          List<String> answer = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
          DeflateAgreement agreement = DeflateAgreement.checkServerAnswer(ExtensionOffer.parse(answer), deflate);
          compression = new PerMessageDeflate(Role.CLIENT, agreement, deflate, String.join(", ", answer).trim());
        } catch (IllegalArgumentException e) {
          problem = "bad Sec-WebSocket-Extensions answer: " + e.getMessage();
        }
      }
    }
    if (problem != null) {
      fail(ConnectFailure.INVALID_HANDSHAKE, problem, null);
      return;
    }
    timeout.cancel(false);
    NettyConnection connection = new NettyConnection(
        Role.CLIENT, ctx.channel(), endpoint, limits, request.uri(), protocol == null ? null : protocol.trim(), null,
        compression, sendUnmasked);
    ChannelPipeline p = ctx.pipeline();
    p.addAfter(HTTP_CODEC, SessionHandler.NAME, new SessionHandler(connection));
    ((HttpClientCodec) p.get(HTTP_CODEC)).removeOutboundHandler();
    p.remove(this);
    connection.open();
    // Removing the decoder passes any bytes that came behind the 101 on to the connection,
    // after onOpen.
    p.remove(HTTP_CODEC);
    result.complete(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof ProxyConnectException) {
      complete(NettyDialer.proxyFailure(request.uri(), null, (ProxyConnectException) root));
    } else if (root instanceof SSLException) {
      fail(ConnectFailure.TLS_FAILURE, "TLS failed: " + root.getMessage(), root);
    } else {
      fail(ConnectFailure.CONNECTION_LOST, "connection failed during the handshake: " + root, root);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (refused != null && !result.isDone()) {
      failRefused();
    }
    fail(ConnectFailure.CONNECTION_LOST, "the server closed the connection before completing the handshake", null);
    ctx.fireChannelInactive();
  }

  private void fail(ConnectFailure failure, String message, Throwable cause) {
    complete(new WebSocketConnectException(request.uri(), failure, message, cause));
  }

  private void complete(WebSocketConnectException e) {
    if (result.completeExceptionally(e)) {
      ctx.close();
    }
  }
}
