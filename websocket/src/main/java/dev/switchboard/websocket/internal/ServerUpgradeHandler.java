package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.DeflateAgreement;
import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.ExtensionOffer;
import dev.switchboard.protocol.Handshake;
import dev.switchboard.protocol.HeaderTokens;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.HttpResponse;
import dev.switchboard.websocket.HttpService;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.ServerLimits;
import dev.switchboard.websocket.Upgrade;
import dev.switchboard.websocket.UpgradeRejectedException;
import dev.switchboard.websocket.UpgradeRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the opening handshake on one channel: routes the request, validates it
 * (RFC 6455 §4.2.1), lets the route's upgrade handler decide (now or later), then writes the 101
 * and replaces the HTTP handlers with a {@link NettyConnection}. Requests that are not upgrades go
 * to the server's {@link HttpService}, if any, one at a time and kept alive between them. Confined
 * to the channel's loop.
 */
public final class ServerUpgradeHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ServerUpgradeHandler.class);

  public static final String HTTP_DECODER = "http-decoder";
  public static final String HTTP_ENCODER = "http-encoder";
  public static final String HTTP_AGGREGATOR = "http-aggregator";
  public static final String NAME = "ws-upgrade";

  private final Router router;
  private final Limits limits;
  private final boolean secure;
  private final Consumer<NettyConnection> onConnection;
  private final DeflateConfig deflate;
  private final HttpService http;
  private final ServerLimits serverLimits;
  private boolean acceptUnmasked;

  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timeout;
  private boolean requestSeen;
  private boolean decided;
  private Topics topics;
  private Admission.Refusal admissionRefusal;
  /** The route's decision handle, once the request was handed to it; its outcome is completed here. */
  private Decision pending;
  /** A plain HTTP request is being answered; later (pipelined) requests wait in {@link #pipelined}. */
  private boolean httpBusy;
  /** Counts plain HTTP exchanges, so a late answer to one that timed out is recognised. */
  private int exchange;
  private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();

  /** Pipelined requests waiting behind one being answered; more close the connection. */
  static final int MAX_PIPELINED = 16;

  public ServerUpgradeHandler(Router router, Limits limits, boolean secure, Consumer<NettyConnection> onConnection) {
    this(router, limits, secure, onConnection, null);
  }

  /**
   * Makes the sessions accept unmasked frames from clients besides masked ones, breaking RFC 6455
   * §5.1 (for trusted clients); call before the handler is added. Returns this handler.
   */
  public ServerUpgradeHandler acceptUnmaskedFrames(boolean accept) {
    this.acceptUnmasked = accept;
    return this;
  }

  /**
   * Adds the HTTP codec of the opening handshake and {@code handler} behind it, the request head
   * bounded by {@link Limits#maxHandshakeHeaderBytes()}; the handler removes them all once done.
   */
  public static void addTo(ChannelPipeline p, Limits limits, ServerUpgradeHandler handler) {
    int head = limits.maxHandshakeHeaderBytes();
    p.addLast(HTTP_DECODER, new HttpRequestDecoder(Math.min(head, 8192), head, 8192));
    p.addLast(HTTP_ENCODER, new HttpResponseEncoder());
    // An upgrade request has no business with a body; a plain HTTP request may have one.
    int body = handler.http == null ? 8192 : (int) handler.serverLimits.maxHttpBodyBytes();
    p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(body));
    p.addLast(NAME, handler);
  }

  /** A handler that agrees to permessage-deflate with {@code deflate} when a client offers it. */
  public ServerUpgradeHandler(
      Router router, Limits limits, boolean secure, Consumer<NettyConnection> onConnection, DeflateConfig deflate) {
    this(router, limits, secure, onConnection, deflate, null, ServerLimits.DEFAULT);
  }

  /**
   * A handler that also answers plain HTTP requests with {@code http} (null: none), bounded by
   * {@code serverLimits}.
   */
  public ServerUpgradeHandler(Router router, Limits limits, boolean secure, Consumer<NettyConnection> onConnection,
      DeflateConfig deflate, HttpService http, ServerLimits serverLimits) {
    this.http = http;
    this.serverLimits = serverLimits;
    this.deflate = deflate;
    this.router = router;
    this.limits = limits;
    this.secure = secure;
    this.onConnection = onConnection;
  }

  /** Sessions made here may subscribe to {@code topics}. */
  public ServerUpgradeHandler withTopics(Topics topics) {
    this.topics = topics;
    return this;
  }

  /** Answers the request, whatever it is, with this refusal and closes (a limit was reached at accept). */
  public ServerUpgradeHandler refusing(Admission.Refusal refusal) {
    this.admissionRefusal = refusal;
    return this;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    arm(limits.handshakeTimeout(), "opening handshake not completed");
  }

  /** (Re)starts the one timer: with no complete request within {@code d}, the socket is closed. */
  private void arm(Duration d, String what) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    timeout = ctx.executor().schedule(() -> {
      if (!decided && !httpBusy) {
        decided = true;
        log.debug("{}: {} within {}; closing", ctx.channel(), what, d);
        if (pending != null) {
          pending.outcome.completeExceptionally(new TimeoutException(
              what + " within " + d + " (Limits.handshakeTimeout): no accept or reject was made in time"));
        }
        ctx.close();
      }
    }, d.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    FullHttpRequest r;
    while ((r = pipelined.poll()) != null) {
      r.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pending != null) {
      pending.outcome.completeExceptionally(new ClosedChannelException());
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    if (httpBusy) {
      if (pipelined.size() >= MAX_PIPELINED) {
        request.release();
        log.debug("{}: more than {} pipelined HTTP requests; closing", ctx.channel(), MAX_PIPELINED);
        ctx.close();
      } else {
        pipelined.add(request);
      }
      return;
    }
    try {
      if (requestSeen) {
        // A second request before we answered the first: not a WebSocket client.
        respond(HttpResponseStatus.BAD_REQUEST,
            "data arrived before the opening handshake completed; a client must wait for the 101 (RFC 6455 §4.1)", null);
        return;
      }
      requestSeen = true;
      handle(request);
    } finally {
      request.release();
    }
  }

  private void handle(FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongHttpLineException
          || cause instanceof TooLongFrameException) {
        respond(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request head exceeds " + limits.maxHandshakeHeaderBytes() + " bytes", null);
      } else {
        respond(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage(), null);
      }
      return;
    }
    if (admissionRefusal != null) {
      Admission.Refusal r0 = admissionRefusal;
      respond(HttpResponseStatus.valueOf(r0.status()), r0.message(),
          r -> r.headers().set(HttpHeaderNames.RETRY_AFTER, r0.retryAfterSeconds()));
      return;
    }
    QueryStringDecoder qs;
    try {
      qs = new QueryStringDecoder(request.uri());
      // Both decode lazily and throw on a bad %-escape: decode here, where that is a 400.
      qs.path();
      qs.parameters();
    } catch (IllegalArgumentException e) {
      respond(HttpResponseStatus.BAD_REQUEST, "malformed request target: " + e.getMessage(), null);
      return;
    }
    if (http != null && !isUpgrade(request.headers())) {
      serveHttp(request, qs);
      return;
    }
    Route route = router.find(qs.path());
    if (route == null) {
      respond(HttpResponseStatus.NOT_FOUND, "no WebSocket endpoint at " + qs.path(), null);
      return;
    }
    HttpHeaders h = request.headers();
    Handshake.Refusal refusal = Handshake.checkRequest(request.method().name(), request.protocolVersion().text(), h::getAll);
    if (refusal != null) {
      respond(HttpResponseStatus.valueOf(refusal.status()), refusal.message(), r -> {
        if (refusal.status() == 426) {
          r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, Handshake.VERSION);
          r.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        } else if (refusal.status() == 405) {
          r.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
      });
      return;
    }
    List<String> offered;
    try {
      offered = HeaderTokens.parseList(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    } catch (IllegalArgumentException e) {
      respond(HttpResponseStatus.BAD_REQUEST, "Sec-WebSocket-Protocol: " + e.getMessage(), null);
      return;
    }
    Request req = new Request(request, qs, offered, extensionOffers(h), ctx, secure);
    String key = h.get(HttpHeaderNames.SEC_WEBSOCKET_KEY).trim();
    Decision decision = new Decision(req, route, key);
    pending = decision;
    try {
      route.upgradeHandler().onUpgrade(req, decision);
    } catch (Throwable t) {
      log.warn("{}: upgrade handler for {} threw", ctx.channel(), route.path(), t);
      decision.reject(500, "upgrade handler failed");
    }
  }

  /**
   * The client's extension offers when we may accept one, else none. A header that does not
   * parse is declined as a whole rather than refused: declining is always a valid answer, and RFC
   * 7692 §7 asks a server to decline an offer with a repeated parameter, which the parser rejects.
   */
  private List<ExtensionOffer> extensionOffers(HttpHeaders h) {
    if (deflate == null) {
      return List.of();
    }
    try {
      return ExtensionOffer.parse(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS));
    } catch (IllegalArgumentException e) {
      log.debug("{}: declining every extension offered: {}", ctx.channel(), e.getMessage());
      return List.of();
    }
  }

  private static boolean isUpgrade(HttpHeaders h) {
    for (String v : h.getAll(HttpHeaderNames.UPGRADE)) {
      for (String token : v.split(",")) {
        if (token.trim().equalsIgnoreCase("websocket")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Hands a plain HTTP request to the service; its answer is written by {@link #answer}. */
  private void serveHttp(FullHttpRequest request, QueryStringDecoder qs) {
    timeout.cancel(false);
    httpBusy = true;
    int id = ++exchange;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = HttpMethod.HEAD.equals(request.method());
    PlainHttpRequest req = new PlainHttpRequest(request, qs, ctx, secure);
    ScheduledFuture<?> deadline = ctx.executor().schedule(() -> {
      log.warn("{}: no answer to {} {} within {}", ctx.channel(), req.method(), req.path(),
          serverLimits.httpResponseTimeout());
      answer(id, HttpResponse.text(503, "the server did not answer within " + serverLimits.httpResponseTimeout()),
          false, head);
    }, serverLimits.httpResponseTimeout().toNanos(), TimeUnit.NANOSECONDS);
    CompletionStage<HttpResponse> stage;
    try {
      stage = http.handle(req);
      if (stage == null) {
        stage = CompletableFuture.failedFuture(new NullPointerException("HttpService returned null"));
      }
    } catch (Throwable t) {
      stage = CompletableFuture.failedFuture(t);
    }
    stage.whenComplete((res, err) -> {
      Runnable done = () -> {
        deadline.cancel(false);
        HttpResponse r = res;
        if (err != null || r == null) {
          log.warn("{}: HTTP service failed on {} {}", ctx.channel(), req.method(), req.path(), err);
          r = HttpResponse.text(500, "internal server error");
        }
        answer(id, r, keepAlive, head);
      };
      if (ctx.executor().inEventLoop()) {
        done.run();
      } else {
        ctx.executor().execute(done);
      }
    });
  }

  /** Writes the answer to exchange {@code id} unless it was already answered; then the next request. */
  private void answer(int id, HttpResponse res, boolean keepAlive, boolean head) {
    if (id != exchange || !httpBusy || !ctx.channel().isActive()) {
      return;
    }
    ByteBuf content = head || res.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(res.body());
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(res.status()),
        content);
    for (Map.Entry<String, List<String>> e : res.headers().entrySet()) {
      String name = e.getKey();
      if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
          && !name.equalsIgnoreCase("Transfer-Encoding")) {
        out.headers().add(name, e.getValue());
      }
    }
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.body().length);
    if (!keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      httpBusy = false;
      decided = true;
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    httpBusy = false;
    requestSeen = false;
    FullHttpRequest next = pipelined.poll();
    if (next != null) {
      channelRead(ctx, next);
    } else {
      arm(serverLimits.httpIdleTimeout(), "no HTTP request on an idle kept-alive connection");
    }
  }

  /** Runs on the loop: the handshake's outcome, once. */
  private void accept(Request req, Route route, String key, Object attachment, String subprotocol,
      Limits sessionLimits) {
    if (decided || !ctx.channel().isActive()) {
      return;
    }
    decided = true;
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    res.headers()
        .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
        .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, Handshake.acceptKey(key));
    if (subprotocol != null) {
      res.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
    }
    DeflateAgreement agreement = deflate == null ? null : DeflateAgreement.negotiateAsServer(req.extensions, deflate);
    PerMessageDeflate compression = null;
    if (agreement != null) {
      String answer = agreement.serverAnswer().toHeaderValue();
      res.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, answer);
      compression = new PerMessageDeflate(Role.SERVER, agreement, deflate, answer);
    }
    NettyConnection connection = new NettyConnection(
        Role.SERVER, ctx.channel(), route.endpoint(), sessionLimits, req.uri(), subprotocol, attachment, compression,
        acceptUnmasked);
    Topics.Loop table = topics == null ? null : topics.forLoop(ctx.channel().eventLoop());
    if (table != null) {
      connection.attachTopics(table);
    }
    ChannelPipeline p = ctx.pipeline();
    // The encoder turns the 101 into bytes right here, on the loop; then it can go.
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    if (ctx.channel() instanceof CompactEpollSocketChannel) {
      // No handler of ours: the events reaching the pipeline's tail go to the connection.
      ((CompactEpollSocketChannel) ctx.channel()).dispatchTo(connection);
    } else {
      p.addAfter(HTTP_DECODER, SessionHandler.NAME, new SessionHandler(connection));
    }
    p.remove(HTTP_ENCODER);
    p.remove(HTTP_AGGREGATOR);
    p.remove(this);
    onConnection.accept(connection);
    pending.outcome.complete(connection);
    connection.open();
    // Removing the decoder hands any bytes behind the request to the connection, after onOpen.
    p.remove(HTTP_DECODER);
  }

  private void reject(int status, String body) {
    if (decided || !ctx.channel().isActive()) {
      return;
    }
    respond(HttpResponseStatus.valueOf(status), body, null);
    if (pending != null) {
      pending.outcome.completeExceptionally(new UpgradeRejectedException(status, body));
    }
  }

  private void respond(HttpResponseStatus status, String body, Consumer<FullHttpResponse> extra) {
    decided = true;
    ByteBuf content = Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8);
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (extra != null) {
      extra.accept(res);
    }
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: error during opening handshake", ctx.channel(), cause);
    ctx.close();
  }

  /** The decision handle given to the route's upgrade handler; callable from any thread. */
  private final class Decision implements Upgrade {
    private final Request req;
    private final Route route;
    private final String key;
    private final CompletableFuture<Session> outcome =
        new CompletableFuture<>();

    Decision(Request req, Route route, String key) {
      this.req = req;
      this.route = route;
      this.key = key;
    }

    @Override
    public boolean accept(Object attachment) {
      String chosen = req.subprotocols().stream().filter(route.subprotocols()::contains).findFirst().orElse(null);
      return decide(() -> ServerUpgradeHandler.this.accept(req, route, key, attachment, chosen, limits));
    }

    @Override
    public boolean accept(Object attachment, String subprotocol) {
      return accept(attachment, subprotocol, limits);
    }

    @Override
    public boolean accept(Object attachment, String subprotocol, Limits sessionLimits) {
      if (subprotocol != null && !req.subprotocols().contains(subprotocol)) {
        throw new IllegalArgumentException(
            "subprotocol '" + subprotocol + "' was not offered by the client; offered: " + req.subprotocols());
      }
      if (sessionLimits == null) {
        throw new IllegalArgumentException("limits must not be null; use accept(attachment, subprotocol) for the server's");
      }
      return decide(() -> ServerUpgradeHandler.this.accept(req, route, key, attachment, subprotocol, sessionLimits));
    }

    @Override
    public boolean reject(int status, String body) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("reject with a 4xx or 5xx status, not " + status);
      }
      return decide(() -> ServerUpgradeHandler.this.reject(status, body == null ? "" : body));
    }

    @Override
    public CompletionStage<Session> outcome() {
      return outcome.minimalCompletionStage();
    }

    private boolean decide(Runnable action) {
      if (ctx.executor().inEventLoop()) {
        boolean open = !decided && ctx.channel().isActive();
        action.run();
        return open;
      }
      if (decided || !ctx.channel().isActive()) {
        return false;
      }
      ctx.executor().execute(action);
      return true;
    }
  }

  /** The request as the upgrade handler sees it; copies what it needs so it outlives the buffer. */
  private static final class Request extends CopiedRequest implements UpgradeRequest {
    private final URI uri;
    private final String path;
    private final String query;
    private final List<String> subprotocols;
    private final List<ExtensionOffer> extensions;

    Request(FullHttpRequest request, QueryStringDecoder qs, List<String> subprotocols, List<ExtensionOffer> extensions,
        ChannelHandlerContext ctx, boolean secure) {
      super(request, qs, ctx, secure);
      this.extensions = List.copyOf(extensions);
      String raw = request.uri();
      URI parsed;
      try {
        parsed = SharedUris.DEFAULT.parse(raw);
      } catch (IllegalArgumentException e) {
        parsed = URI.create(qs.path());
      }
      this.uri = parsed;
      this.path = qs.path();
      int q = raw.indexOf('?');
      this.query = q < 0 ? "" : raw.substring(q + 1);
      this.subprotocols = List.copyOf(subprotocols);
    }

    @Override
    public URI uri() {
      return uri;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String query() {
      return query;
    }

    @Override
    public List<String> subprotocols() {
      return subprotocols;
    }

    @Override
    public String toString() {
      return "UpgradeRequest[" + uri + " from " + remote + "]";
    }
  }
}
