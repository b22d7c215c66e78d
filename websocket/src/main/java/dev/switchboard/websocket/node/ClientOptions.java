package dev.switchboard.websocket.node;

import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.internal.Urls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of Node's proposed {@code ws.clientConnect({...})}, in Java form. Immutable and
 * thread-safe; made with {@link #builder(String)}, used by {@link NodeWebSocket#connect}.
 *
 * <table>
 * <caption>node:websocket client option → Java</caption>
 * <tr><th>Node</th><th>here</th><th>default</th></tr>
 * <tr><td>{@code secure} + {@code socketOptions: {host, port}}</td><td>{@link #url()}
 *     ({@code wss://} or {@code ws://}, with a path and query)</td><td>required</td></tr>
 * <tr><td>{@code callbackOpen(err, socket)}</td><td>{@link #onOpen()}</td><td>none</td></tr>
 * <tr><td>{@code messageHandler(message)}</td><td>{@link #messageHandler()}</td><td>ignore</td></tr>
 * <tr><td>(none: errors are swallowed)</td><td>{@link #onClose()}, with the error if any</td>
 *     <td>none</td></tr>
 * <tr><td>{@code subProtocol}</td><td>{@link #subprotocols()}</td><td>none</td></tr>
 * <tr><td>{@code proxy-authorization}, any header</td><td>{@link #headers()}</td><td>none</td></tr>
 * <tr><td>{@code socketOptions: {ca}}, {@code rejectUnauthorized: false}</td><td>{@link #secure()}
 *     ({@link ClientTls})</td><td>the JDK's trust store</td></tr>
 * <tr><td>{@code masking: false}</td><td>{@link #sendUnmaskedFrames()}</td><td>false (masked)</td></tr>
 * <tr><td>{@code secure: false} to another host</td><td>{@link #allowInsecureConnections()}</td>
 *     <td>false: {@code ws://} only to loopback</td></tr>
 * <tr><td>(none)</td><td>{@link #handshakeTimeout()}</td><td>5 s</td></tr>
 * </table>
 *
 * <p>The proposal's {@code extensions} free text has no equivalent: {@code
 * Sec-WebSocket-Extensions} is negotiated by the library; send identifiers as headers.
 *
 * @param url where to connect: {@code ws}, {@code wss} (or {@code http}, {@code https}), checked
 *     before any I/O (RFC 6455 §3)
 * @param onOpen told once: the open socket, or the error that stopped the connect
 * @param messageHandler called for each whole message, or null
 * @param onClose called once when an open socket ends, or null
 * @param headers extra request headers (e.g. {@code Authorization}, {@code Proxy-Authorization})
 * @param subprotocols offered subprotocols, in order of preference
 * @param secure how a {@code wss://} server is trusted, or null for the JDK's trust store; only
 *     with a {@code wss://} URL
 * @param handshakeTimeout bounds the TCP connect, and then, separately, the wait for the 101
 *     answer; beyond either the connect fails with {@code CONNECT_TIMEOUT} or {@code
 *     HANDSHAKE_TIMEOUT} ({@link dev.switchboard.websocket.ConnectFailure})
 * @param sendUnmaskedFrames send frames unmasked (Node's {@code masking: false}). <strong>Breaks
 *     RFC 6455 §5.1</strong>: a compliant server closes with 1002; only for trusted servers built
 *     with {@link ServerOptions#acceptUnmaskedFrames()} or {@link
 *     dev.switchboard.websocket.WebSocketServer.Builder#acceptUnmaskedFrames(boolean)}
 * @param allowInsecureConnections allow plaintext {@code ws://} to a host other than loopback
 *     (default false: refused with an IllegalArgumentException before any I/O); see {@link
 *     dev.switchboard.websocket.WebSocketClient.Builder#allowInsecureConnections(boolean)}
 */
public record ClientOptions(
    URI url,
    OpenCallback onOpen,
    MessageHandler messageHandler,
    CloseCallback onClose,
    Map<String, List<String>> headers,
    List<String> subprotocols,
    ClientTls secure,
    Duration handshakeTimeout,
    boolean sendUnmaskedFrames,
    boolean allowInsecureConnections) {

  /** The handshake deadline when none is given, the same as the server's. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = ServerOptions.DEFAULT_HANDSHAKE_TIMEOUT;

  public ClientOptions {
    if (url == null) {
      throw new IllegalArgumentException("url must be set, e.g. ws://127.0.0.1:8080/chat");
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    (headers == null ? Map.<String, List<String>>of() : headers).forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = Map.copyOf(copy);
    subprotocols = subprotocols == null ? List.of() : List.copyOf(subprotocols);
    handshakeTimeout = handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
    if (handshakeTimeout.isZero() || handshakeTimeout.isNegative()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (secure != null && !scheme.equals("wss") && !scheme.equals("https")) {
      throw new IllegalArgumentException("secure options apply to wss:// URLs only, the URL is " + url);
    }
  }

  /**
   * Options for {@code url}.
   *
   * @throws IllegalArgumentException if {@code url} is not a URL
   */
  public static Builder builder(String url) {
    return new Builder(Urls.parse(url));
  }

  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /** Builds {@link ClientOptions}. Not thread-safe. */
  public static final class Builder {
    private final URI url;
    private OpenCallback onOpen;
    private MessageHandler messageHandler;
    private CloseCallback onClose;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private ClientTls secure;
    private Duration handshakeTimeout;
    private boolean sendUnmaskedFrames;
    private boolean allowInsecureConnections;

    private Builder(URI url) {
      this.url = url;
    }

    /** Node's {@code callbackOpen}. */
    public Builder onOpen(OpenCallback callback) {
      this.onOpen = callback;
      return this;
    }

    /** Node's {@code messageHandler}. */
    public Builder messageHandler(MessageHandler handler) {
      this.messageHandler = handler;
      return this;
    }

    /** Called once when the open socket ends. */
    public Builder onClose(CloseCallback callback) {
      this.onClose = callback;
      return this;
    }

    /** Adds a request header value (repeatable), e.g. Node's {@code proxy-authorization}. */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Node's {@code subProtocol}: offers these, in order of preference. */
    public Builder subprotocols(String... protocols) {
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    /** How a {@code wss://} server is trusted (Node's {@code socketOptions} TLS settings). */
    public Builder secure(ClientTls tls) {
      this.secure = tls;
      return this;
    }

    /** Shorthand for {@code secure(ClientTls.trusting(caPem))}: Node's {@code socketOptions.ca}. */
    public Builder ca(Path caPem) {
      return secure(ClientTls.trusting(caPem));
    }

    /** The handshake deadline (default 5 s). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * Node's {@code masking: false}: send unmasked frames (default false). <strong>Breaks RFC
     * 6455 §5.1</strong>; see {@link ClientOptions#sendUnmaskedFrames()}.
     */
    public Builder sendUnmaskedFrames(boolean unmasked) {
      this.sendUnmaskedFrames = unmasked;
      return this;
    }

    /** Node's {@code secure: false} to another host: allow plaintext {@code ws://} (default false). */
    public Builder allowInsecureConnections(boolean allow) {
      this.allowInsecureConnections = allow;
      return this;
    }

    public ClientOptions build() {
      return new ClientOptions(url, onOpen, messageHandler, onClose, headers, subprotocols, secure,
          handshakeTimeout, sendUnmaskedFrames, allowInsecureConnections);
    }
  }
}
