package dev.switchboard.websocket.node;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.Upgrade;
import dev.switchboard.websocket.UpgradeHandler;
import dev.switchboard.websocket.UpgradeRequest;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry points of the {@code node:websocket} facade: {@link #server(ServerOptions)} starts a
 * server from Node-style options, {@link #address(Session)} is the address helper. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * WebSocketServer server = NodeWebSocket.server(ServerOptions.builder()
 *     .onConnect((headerValues, socket, ready) -> {
 *       if ("secret".equals(headerValues.header("Authorization"))) ready.run();
 *       else socket.reject(401, "who are you?");
 *     })
 *     .messageHandler((socket, message) -> socket.sendText("echo " + message))
 *     .listen("127.0.0.1", 0)
 *     .build());
 * }</pre>
 */
public final class NodeWebSocket {

  private static final Logger log = LoggerFactory.getLogger(NodeWebSocket.class);

  private NodeWebSocket() {}

  /**
   * Binds and starts a server that serves every path with these options, then calls {@link
   * ServerOptions#onListening()}.
   *
   * @throws IllegalArgumentException for unusable TLS files
   * @throws IllegalStateException if binding fails (address in use...)
   */
  public static WebSocketServer server(ServerOptions options) {
    WebSocketServer.Builder b = WebSocketServer.builder()
        .host(options.listenerOptions().host())
        .port(options.listenerOptions().port())
        .backlog(options.listenerOptions().backlog())
        .limits(Limits.DEFAULT.withHandshakeTimeout(options.handshakeTimeout()))
        .route(Route.of("/*", new MessageEndpoint(options)).withUpgradeHandler(new Connect(options)));
    if (options.secure() != null) {
      b.tls(options.secure().toServerTls());
    }
    WebSocketServer server = b.start();
    if (options.onListening() != null) {
      options.onListening().onListening(server);
    }
    return server;
  }

  /**
   * The address helper: the local and remote address and port of an open socket.
   *
   * @throws IllegalStateException if the session has no addresses (it never connected)
   */
  public static AddressInfo address(Session socket) {
    return AddressInfo.of(socket.localAddress(), socket.remoteAddress());
  }

  /** The address helper for a request still in its handshake. */
  public static AddressInfo address(UpgradeRequest request) {
    return AddressInfo.of(request.localAddress(), request.remoteAddress());
  }

  /** Runs the connect callback, and reports a handshake that failed after it to the open callback. */
  private static final class Connect implements UpgradeHandler {
    private final ServerOptions options;

    Connect(ServerOptions options) {
      this.options = options;
    }

    @Override
    public void onUpgrade(UpgradeRequest request, Upgrade upgrade) {
      if (options.onOpen() != null) {
        upgrade.outcome().whenComplete((session, error) -> {
          if (error != null) {
            notifyOpen(options, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
          }
        });
      }
      PendingSocket socket = new PendingSocket() {
        @Override
        public AddressInfo address() {
          return NodeWebSocket.address(request);
        }

        @Override
        public boolean isSecure() {
          return request.isSecure();
        }

        @Override
        public boolean reject(int status, String body) {
          return upgrade.reject(status, body);
        }

        @Override
        public String toString() {
          return "PendingSocket[" + request + "]";
        }
      };
      options.onConnect().onConnect(request, socket, upgrade::accept);
    }
  }

  private static void notifyOpen(ServerOptions options, Throwable error) {
    try {
      options.onOpen().onOpen(error, null);
    } catch (RuntimeException e) {
      log.warn("open callback threw while reporting a failed handshake ({})", error.toString(), e);
    }
  }

  /** The sessions' events: open to the open callback, messages to the message handler. */
  private static final class MessageEndpoint implements Endpoint {
    private final ServerOptions options;

    MessageEndpoint(ServerOptions options) {
      this.options = options;
    }

    @Override
    public void onOpen(Session session) {
      if (options.onOpen() != null) {
        options.onOpen().onOpen(null, session);
      }
    }

    @Override
    public void onText(Session session, String text) {
      if (options.messageHandler() != null) {
        options.messageHandler().onMessage(session, new Message(MessageType.TEXT, text, null));
      }
    }

    @Override
    public void onBinary(Session session, ByteBuffer data) {
      if (options.messageHandler() != null) {
        options.messageHandler().onMessage(session, new Message(MessageType.BINARY, null, data.asReadOnlyBuffer()));
      }
    }
  }
}
