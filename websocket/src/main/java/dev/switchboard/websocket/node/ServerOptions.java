package dev.switchboard.websocket.node;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of Node's proposed {@code ws.server({...})}, one for one. Immutable and thread-safe;
 * made with {@link #builder()}, started with {@link NodeWebSocket#server(ServerOptions)}.
 *
 * <table>
 * <caption>node:websocket option → Java</caption>
 * <tr><th>Node</th><th>here</th><th>default</th></tr>
 * <tr><td>{@code callbackConnect(headerValues, socket, ready)}</td><td>{@link #onConnect()}</td>
 *     <td>ready at once</td></tr>
 * <tr><td>{@code callbackListener(server)}</td><td>{@link #onListening()}</td><td>none</td></tr>
 * <tr><td>{@code callbackOpen(error, socket)}</td><td>{@link #onOpen()}</td><td>none</td></tr>
 * <tr><td>{@code messageHandler(message)}</td><td>{@link #messageHandler()}</td><td>ignore</td></tr>
 * <tr><td>{@code listenerOptions: {host, port, backlog}}</td><td>{@link #listenerOptions()}</td>
 *     <td>127.0.0.1, port 0, backlog 1024</td></tr>
 * <tr><td>{@code secure} + {@code serverOptions: {ca, cert, key}}</td><td>{@link #secure()}</td>
 *     <td>null: plain {@code ws://}</td></tr>
 * <tr><td>the 5-second handshake deadline</td><td>{@link #handshakeTimeout()}</td><td>5 s</td></tr>
 * <tr><td>(none: the proposal's server reads either)</td><td>{@link #acceptUnmaskedFrames()}</td>
 *     <td>false: an unmasked frame closes with 1002</td></tr>
 * </table>
 *
 * @param onConnect decides on each opening request; the handshake completes when it runs {@code
 *     ready}
 * @param onListening called once bound, or null
 * @param onOpen called for each handshake that succeeded or failed after {@code onConnect}, or
 *     null
 * @param messageHandler called for each whole message, or null
 * @param listenerOptions where to listen
 * @param secure TLS from PEM files, or null for plain {@code ws://}
 * @param handshakeTimeout how long a client has, from TCP accept, until {@code ready} completes
 *     its handshake; then the socket is closed and {@code onOpen} gets a {@link
 *     java.util.concurrent.TimeoutException} ({@link dev.switchboard.websocket.Limits#handshakeTimeout()})
 * @param acceptUnmaskedFrames accept unmasked frames from clients besides masked ones (default
 *     false: an unmasked frame closes the session with 1002, as RFC 6455 §5.1 requires). <strong>
 *     Breaks RFC 6455 §5.1</strong>: only for trusted clients that send unmasked frames on
 *     purpose ({@link ClientOptions#sendUnmaskedFrames()}, Node's {@code masking: false})
 */
public record ServerOptions(
    ConnectCallback onConnect,
    ListenerCallback onListening,
    OpenCallback onOpen,
    MessageHandler messageHandler,
    ListenerOptions listenerOptions,
    SecureOptions secure,
    Duration handshakeTimeout,
    boolean acceptUnmaskedFrames) {

  /** The handshake deadline of the node:websocket proposal. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  public ServerOptions {
    onConnect = onConnect == null ? ConnectCallback.ACCEPT_ALL : onConnect;
    listenerOptions = listenerOptions == null ? ListenerOptions.of("127.0.0.1", 0) : listenerOptions;
    handshakeTimeout = handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
    if (handshakeTimeout.isZero() || handshakeTimeout.isNegative()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ServerOptions}. Not thread-safe. */
  public static final class Builder {
    private ConnectCallback onConnect;
    private ListenerCallback onListening;
    private OpenCallback onOpen;
    private MessageHandler messageHandler;
    private ListenerOptions listenerOptions;
    private SecureOptions secure;
    private Duration handshakeTimeout;
    private boolean acceptUnmaskedFrames;

    private Builder() {}

    /** Node's {@code callbackConnect}. */
    public Builder onConnect(ConnectCallback callback) {
      this.onConnect = Objects.requireNonNull(callback, "onConnect");
      return this;
    }

    /** Node's {@code callbackListener}. */
    public Builder onListening(ListenerCallback callback) {
      this.onListening = callback;
      return this;
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

    /** Node's {@code listenerOptions}. */
    public Builder listenerOptions(ListenerOptions options) {
      this.listenerOptions = options;
      return this;
    }

    /** Shorthand for {@code listenerOptions(ListenerOptions.of(host, port))}. */
    public Builder listen(String host, int port) {
      return listenerOptions(ListenerOptions.of(host, port));
    }

    /** Node's {@code secure: true} with {@code serverOptions} {@code ca}, {@code cert}, {@code key}. */
    public Builder secure(SecureOptions secure) {
      this.secure = secure;
      return this;
    }

    /** The handshake deadline (default 5 s). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * Accept unmasked frames from clients too (default false). <strong>Breaks RFC 6455
     * §5.1</strong>; see {@link ServerOptions#acceptUnmaskedFrames()}.
     */
    public Builder acceptUnmaskedFrames(boolean accept) {
      this.acceptUnmaskedFrames = accept;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(onConnect, onListening, onOpen, messageHandler, listenerOptions, secure, handshakeTimeout,
          acceptUnmaskedFrames);
    }
  }
}
