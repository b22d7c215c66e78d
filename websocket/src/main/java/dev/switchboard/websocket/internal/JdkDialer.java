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
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One connect attempt on the JDK's {@link java.net.http.WebSocket}: the JDK does TCP, TLS, an
 * HTTP proxy's tunnel and the opening handshake; the session is a {@link JdkSession} confined to
 * the executor it is given. What the JDK cannot do is refused by {@link #checkSupported} when the
 * client is built, and by {@link #checkRequest} before any I/O. Thread-safe.
 */
public final class JdkDialer implements AutoCloseable {

  private static final Object DIRECT = new Object();

  private final Limits limits;
  private final Duration connectTimeout;
  private final Supplier<SSLContext> ssl;
  private final ClientProxy proxy;
  private final Scheduler scheduler;
  private final ExecutorService httpExecutor;
  private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();
  private final Set<JdkSession> live = ConcurrentHashMap.newKeySet();

  public JdkDialer(Limits limits, Duration connectTimeout, Supplier<SSLContext> ssl, ClientProxy proxy, Scheduler scheduler) {
    this.limits = limits;
    this.connectTimeout = connectTimeout;
    this.ssl = ssl;
    this.proxy = proxy;
    this.scheduler = scheduler;
    AtomicInteger n = new AtomicInteger();
    this.httpExecutor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "switchboard-jdk-client-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Refuses, when the client is built, what the JDK's WebSocket cannot do.
   *
   * @throws UnsupportedOperationException naming the option and what to do instead
   */
  public static void checkSupported(Limits limits, DeflateConfig compression, ClientTls tls, ClientProxy proxy,
      boolean sendUnmasked) {
    if (sendUnmasked) {
      throw unsupported("sendUnmaskedFrames", "the JDK always masks client frames (RFC 6455 §5.1)");
    }
    if (compression != null) {
      throw unsupported("compression (permessage-deflate, RFC 7692)", "the JDK's WebSocket negotiates no extension");
    }
    if (limits.maxFramePayloadBytes() < limits.maxMessageBytes()) {
      throw unsupported("Limits.maxFramePayloadBytes below maxMessageBytes",
          "the JDK does not show frames, only parts of messages; maxMessageBytes is enforced");
    }
    if (limits.maxHandshakeHeaderBytes() != Limits.DEFAULT.maxHandshakeHeaderBytes()) {
      throw unsupported("Limits.maxHandshakeHeaderBytes", "the JDK's HttpClient applies its own limit");
    }
    if (tls.clientCertificate() != null) {
      throw unsupported("ClientTls.withClientCertificate", "client certificates are only wired for Netty");
    }
    checkProxy(proxy);
  }

  /**
   * Refuses, before any I/O, a request the JDK cannot serve (its own proxy of a kind the JDK lacks).
   *
   * @throws UnsupportedOperationException naming the option
   */
  public static void checkRequest(ConnectRequest request) {
    checkProxy(request.proxy());
  }

  /**
   * The close codes the JDK's WebSocket sends from a client: 1000, 1001, 1008, 1011 and
   * 3000–4999 (it refuses 1002, 1003, 1007, 1009, 1010, 1012–1014).
   *
   * @throws IllegalArgumentException for another code
   */
  public static void checkCloseCode(int code) {
    if (!isSendable(code)) {
      throw new IllegalArgumentException("close code " + code + " cannot be sent with ClientImplementation.JDK: "
          + "the JDK's WebSocket sends only 1000, 1001, 1008, 1011 and 3000-4999 from a client");
    }
  }

  static boolean isSendable(int code) {
    return code == 1000 || code == 1001 || code == 1008 || code == 1011 || (code >= 3000 && code <= 4999);
  }

  private static void checkProxy(ClientProxy p) {
    if (p == null) {
      return;
    }
    if (p.type() == ClientProxy.Type.SOCKS5) {
      throw unsupported("a SOCKS5 proxy (" + p + ")", "the JDK's HttpClient only tunnels through HTTP proxies");
    }
    if (p.username() != null) {
      throw unsupported("proxy credentials (" + p + ")",
          "the JDK does not send Basic Proxy-Authorization on CONNECT (jdk.http.auth.tunneling.disabledSchemes)");
    }
  }

  private static UnsupportedOperationException unsupported(String option, String why) {
    return new UnsupportedOperationException(option + " is not available with ClientImplementation.JDK: " + why
        + ". Use ClientImplementation.NETTY (the default) for it.");
  }

  /**
   * Starts connecting; the session's callbacks and timers run on {@code loop}. Cancelling the
   * returned future stops waiting at once; a handshake the JDK still completes is then aborted.
   */
  public CompletableFuture<Session> dial(EventExecutor loop, ConnectRequest request, Endpoint endpoint,
      Consumer<ConnectStage> stages) {
    URI uri = request.uri();
    ClientProxy via = request.proxy() != null ? request.proxy() : proxy;
    CompletableFuture<Session> result = new CompletableFuture<>();
    JdkSession session = new JdkSession(uri, endpoint, limits, new Timers(scheduler, loop), result);
    stages.accept(ConnectStage.TCP); // the JDK reports no progress: the whole connect is "TCP"
    CompletableFuture<WebSocket> connect;
    try {
      WebSocket.Builder b = http(via).newWebSocketBuilder().connectTimeout(connectTimeout.plus(limits.handshakeTimeout()));
      request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
      List<String> protocols = request.subprotocols();
      if (!protocols.isEmpty()) {
        b.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
      }
      connect = b.buildAsync(uri, session);
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(new IllegalArgumentException(
          "the JDK's WebSocket refused the request: " + e.getMessage(), e));
      return result;
    }
    live.add(session);
    session.closed().whenComplete((c, e) -> live.remove(session));
    connect.whenComplete((ws, e) -> {
      if (e != null) {
        live.remove(session);
        result.completeExceptionally(classify(uri, via, e));
      }
    });
    result.whenComplete((s, e) -> {
      if (e instanceof CancellationException || (e != null && !connect.isDone())) {
        live.remove(session);
        connect.cancel(true);
        connect.thenAccept(WebSocket::abort); // the JDK may finish the handshake anyway
      }
    });
    return result;
  }

  private HttpClient http(ClientProxy via) {
    return clients.computeIfAbsent(via == null ? DIRECT : via, key -> {
      HttpClient.Builder b = HttpClient.newBuilder().executor(httpExecutor).connectTimeout(connectTimeout)
          .sslContext(ssl.get());
      b.proxy(via == null ? HttpClient.Builder.NO_PROXY
          : ProxySelector.of(InetSocketAddress.createUnresolved(via.host(), via.port())));
      return b.build();
    });
  }

  static WebSocketConnectException classify(URI uri, ClientProxy via, Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (e instanceof CancellationException) {
      return new WebSocketConnectException(uri, ConnectFailure.CANCELLED, "cancelled", e);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new WebSocketConnectException(uri, via != null ? ConnectFailure.PROXY_FAILURE : ConnectFailure.CONNECT_TIMEOUT,
          e.getMessage(), e);
    }
    if (e instanceof HttpTimeoutException) {
      return new WebSocketConnectException(uri, ConnectFailure.HANDSHAKE_TIMEOUT,
          "no 101 answer within connectTimeout + handshakeTimeout", e);
    }
    if (e instanceof WebSocketHandshakeException) {
      HttpResponse<?> r = ((WebSocketHandshakeException) e).getResponse();
      if (via != null && r.statusCode() == 407) { // the JDK hands the proxy's CONNECT answer over as the handshake's
        return new WebSocketConnectException(uri, ConnectFailure.PROXY_AUTH_FAILURE,
            "the proxy wants credentials (407), which ClientImplementation.JDK cannot send on CONNECT (" + via + ")", e);
      }
      if (r.statusCode() == 101) {
        return new WebSocketConnectException(uri, ConnectFailure.INVALID_HANDSHAKE,
            "the 101 answer breaks RFC 6455 §4.1: " + (e.getCause() != null ? e.getCause().getMessage() : e), e);
      }
      Map<String, List<String>> headers = new TreeMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      String body = r.body() instanceof String ? (String) r.body() : "";
      return new WebSocketConnectException(uri, ConnectFailure.HTTP_STATUS,
          "the server answered " + r.statusCode() + ", not 101", e, r.statusCode(), headers, body);
    }
    if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
      return new WebSocketConnectException(uri, via != null ? ConnectFailure.PROXY_FAILURE : ConnectFailure.DNS_FAILURE,
          "cannot resolve host '" + (via != null ? via.host() : uri.getHost()) + "'", e);
    }
    if (has(e, SSLException.class)) {
      return new WebSocketConnectException(uri, ConnectFailure.TLS_FAILURE, String.valueOf(e.getMessage()), e);
    }
    if (has(e, ConnectException.class)) {
      return via != null
          ? new WebSocketConnectException(uri, ConnectFailure.PROXY_FAILURE, "connection refused by the proxy (" + via + ")", e)
          : new WebSocketConnectException(uri, ConnectFailure.CONNECTION_REFUSED,
              "connection refused: nothing listens on " + uri.getHost() + ":" + port(uri), e);
    }
    String message = String.valueOf(e.getMessage());
    if (via != null && message.contains("407")) {
      return new WebSocketConnectException(uri, ConnectFailure.PROXY_AUTH_FAILURE,
          "the proxy wants credentials: " + message + " (" + via + ")", e);
    }
    if (via != null && message.toLowerCase(Locale.ROOT).contains("tunnel")) {
      return new WebSocketConnectException(uri, ConnectFailure.PROXY_FAILURE,
          "the proxy did not open the tunnel: " + message + " (" + via + ")", e);
    }
    return new WebSocketConnectException(uri, ConnectFailure.CONNECTION_LOST,
        e instanceof IOException ? message : String.valueOf(e), e);
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
  }

  /** Drops every session still open and stops the HttpClient's worker threads. */
  @Override
  public void close() {
    for (JdkSession s : live) {
      s.abort(); // onClose 1006 on the session's executor, before it shuts down
    }
    httpExecutor.shutdownNow();
  }
}
