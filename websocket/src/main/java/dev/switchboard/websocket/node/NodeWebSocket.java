package dev.switchboard.websocket.node;

import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.Upgrade;
import dev.switchboard.websocket.UpgradeHandler;
import dev.switchboard.websocket.UpgradeRequest;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry points of the {@code node:websocket} facade: {@link #server(ServerOptions)} starts a
 * server from Node-style options, {@link #connect(ClientOptions)} connects a client socket,
 * {@link #address(Session)} is the address helper. Stateless and thread-safe.
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
 *
 * NodeWebSocket.connect(ClientOptions.builder("ws://127.0.0.1:" + server.port() + "/chat")
 *     .header("Authorization", "secret")
 *     .onOpen((error, socket) -> {
 *       if (error == null) socket.sendText("hello");
 *       else System.err.println("connect failed: " + error.getMessage());
 *     })
 *     .messageHandler((socket, message) -> System.out.println(message.type() + " " + message))
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
        .acceptUnmaskedFrames(options.acceptUnmaskedFrames())
        .limits(Limits.DEFAULT.withHandshakeTimeout(options.handshakeTimeout()))
        .route(Route.of("/*", new CallbackEndpoint(options.onOpen(), options.messageHandler()))
            .withUpgradeHandler(new Connect(options)));
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
   * Connects a client socket with these options, as Node's {@code clientConnect}: returns at
   * once; {@link ClientOptions#onOpen()} is told the outcome, and so is the returned future,
   * which completes with the open socket (after {@code onOpen}) or fails with the same error.
   * Cancelling the future aborts the connect at whatever stage it is.
   *
   * <p>A facade over {@link WebSocketClient}: each call owns a client with one event-loop thread
   * and these options' TLS, deadline and masking; it is shut down when the connect fails or the
   * socket has closed (after {@link ClientOptions#onClose()}).
   *
   * @throws IllegalArgumentException at once, before any I/O, for an unusable URL, header,
   *     subprotocol or CA file, or plaintext {@code ws://} to another host without {@link
   *     ClientOptions#allowInsecureConnections()}
   */
  public static CompletableFuture<Session> connect(ClientOptions options) {
    ConnectRequest.Builder request = ConnectRequest.to(options.url()).subprotocols(options.subprotocols().toArray(String[]::new));
    options.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    ConnectRequest req = request.build();
    WebSocketClient client = WebSocketClient.builder()
        .tls(options.secure() != null ? options.secure() : ClientTls.systemTrust())
        .connectTimeout(options.handshakeTimeout())
        .limits(Limits.DEFAULT.withHandshakeTimeout(options.handshakeTimeout()))
        .sendUnmaskedFrames(options.sendUnmaskedFrames())
        .allowInsecureConnections(options.allowInsecureConnections())
        .build();
    CompletableFuture<Session> opened;
    try {
      opened = client.connect(req, new ClientEndpoint(options, client));
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
    opened.whenComplete((session, error) -> {
      if (error != null) {
        try {
          if (options.onOpen() != null) {
            options.onOpen().onOpen(unwrap(error), null);
          }
        } catch (RuntimeException e) {
          log.warn("open callback threw while reporting a failed connect ({})", error.toString(), e);
        } finally {
          client.shutdown();
        }
      }
    });
    return opened;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
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
            notifyOpen(options, unwrap(error));
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

  /** A client socket's events: open, messages, and the close after which its client is shut down. */
  private static final class ClientEndpoint extends CallbackEndpoint {
    private final CloseCallback onClose;
    private final WebSocketClient client;

    ClientEndpoint(ClientOptions options, WebSocketClient client) {
      super(options.onOpen(), options.messageHandler());
      this.onClose = options.onClose();
      this.client = client;
    }

    @Override
    public void onClose(Session session, CloseEvent event) {
      try {
        if (onClose != null) {
          onClose.onClose(session, event);
        }
      } finally {
        client.shutdown();
      }
    }
  }

  private static void deliver(MessageHandler handler, Session session, MessageType type, String text, ByteBuffer data) {
    if (handler != null) {
      handler.onMessage(session, new Message(type, text, data == null ? null : data.asReadOnlyBuffer()));
    }
  }

  /** A socket's events: open to the open callback, messages to the message handler (either may be null). */
  private static class CallbackEndpoint implements Endpoint {
    private final OpenCallback onOpen;
    private final MessageHandler handler;

    CallbackEndpoint(OpenCallback onOpen, MessageHandler handler) {
      this.onOpen = onOpen;
      this.handler = handler;
    }

    @Override
    public void onOpen(Session session) {
      if (onOpen != null) {
        onOpen.onOpen(null, session);
      }
    }

    @Override
    public void onText(Session session, String text) {
      deliver(handler, session, MessageType.TEXT, text, null);
    }

    @Override
    public void onBinary(Session session, ByteBuffer data) {
      deliver(handler, session, MessageType.BINARY, null, data);
    }
  }
}
