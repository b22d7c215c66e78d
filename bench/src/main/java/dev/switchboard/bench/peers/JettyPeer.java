package dev.switchboard.bench.peers;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Jetty 12 peer, on Jetty's own WebSocket API (jetty-websocket-jetty-server) over Jetty's
 * default NIO connector. Echo sends each message back, completing the read callback when the
 * write completes; broadcast sends to every open session on {@code /broadcast}. Thread-safe.
 */
public final class JettyPeer {

  private JettyPeer() {}

  static AutoCloseable start(int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    Set<Session> members = ConcurrentHashMap.newKeySet();
    server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
      container.setMaxTextMessageSize(16 << 20);
      container.setMaxBinaryMessageSize(16 << 20);
      container.addMapping("/echo", (rq, rs, cb) -> new Echo());
      container.addMapping("/broadcast", (rq, rs, cb) -> new Broadcast(members));
    }));
    server.start();
    return server::stop;
  }

  /** Public, as are its methods: Jetty finds listener methods through method handles. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private Session session;

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
    }

    @Override
    public void onWebSocketText(String text) {
      session.sendText(text, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      session.sendBinary(payload, callback); // the payload stays valid until the write completes
    }
  }

  public static final class Broadcast implements Session.Listener.AutoDemanding {
    private final Set<Session> members;
    private Session session;

    Broadcast(Set<Session> members) {
      this.members = members;
    }

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      members.add(s);
    }

    @Override
    public void onWebSocketText(String text) {
      for (Session m : members) {
        if (m.isOpen()) {
          m.sendText(text, Callback.NOOP);
        }
      }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      for (Session m : members) {
        if (m.isOpen()) {
          m.sendBinary(payload.slice(), Callback.NOOP);
        }
      }
      callback.succeed();
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
      members.remove(session);
    }
  }
}
