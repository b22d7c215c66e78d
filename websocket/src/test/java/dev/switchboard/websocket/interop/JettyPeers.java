package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Opened;
import dev.switchboard.websocket.interop.PeerEvent.Pong;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Configurable;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's WebSocket client and server as peers, through the plain Jetty API
 * ({@link Session.Listener}). The listener does not take pings, so Jetty answers them itself.
 */
public final class JettyPeers {

  private static final long MAX_BYTES = 32 << 20;

  private JettyPeers() {}

  /** Jetty's defaults refuse messages over 64 KiB; the matrix sends 16 MiB in one frame. */
  private static void configure(Configurable c) {
    c.setMaxBinaryMessageSize(MAX_BYTES);
    c.setMaxTextMessageSize(MAX_BYTES);
    c.setMaxFrameSize(MAX_BYTES);
    c.setIdleTimeout(Duration.ofMinutes(2));
  }

  static final class Client implements Peer.Client {
    private final org.eclipse.jetty.websocket.client.WebSocketClient client =
        new org.eclipse.jetty.websocket.client.WebSocketClient();

    Client() throws Exception {
      configure(client);
      client.start();
    }

    @Override
    public String name() {
      return "jetty";
    }

    @Override
    public Side connect(URI uri) throws Exception {
      JettySide side = new JettySide("jetty client", null);
      client.connect(side, uri).get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return side;
    }

    @Override
    public void close() throws Exception {
      client.stop();
    }
  }

  /** An echo server for every path. */
  static final class Server implements Peer.Server {
    private final org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BlockingQueue<Side> accepted = new LinkedBlockingQueue<>();

    Server() throws Exception {
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
        configure(container);
        container.addMapping("/*", (request, response, callback) -> new JettySide("jetty server", accepted));
      }));
      server.start();
    }

    @Override
    public String name() {
      return "jetty";
    }

    @Override
    public URI uri() {
      return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
    }

    @Override
    public Side accepted() throws InterruptedException {
      Side side = accepted.poll(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (side == null) {
        throw new AssertionError("jetty server accepted no connection within " + EventLog.TIMEOUT);
      }
      return side;
    }

    @Override
    public void forgetAccepted() {
      accepted.clear();
    }

    @Override
    public void close() throws Exception {
      server.stop();
    }
  }

  /**
   * One Jetty session, either role; a server ({@code accepted} non-null) echoes. Public, as Jetty
   * calls listeners through public method handles.
   */
  public static final class JettySide implements Session.Listener.AutoDemanding, Side {
    private final String name;
    private final BlockingQueue<Side> accepted;
    private final EventLog events;
    private volatile Session session;

    JettySide(String name, BlockingQueue<Side> accepted) {
      this.name = name;
      this.accepted = accepted;
      this.events = new EventLog(name);
    }

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      events.add(new Opened());
      if (accepted != null) {
        accepted.add(this);
      }
    }

    @Override
    public void onWebSocketText(String text) {
      events.message(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
      if (accepted != null) {
        session.sendText(text, Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] data = new byte[payload.remaining()];
      payload.get(data);
      events.message(MessageType.BINARY, data);
      if (accepted != null) {
        session.sendBinary(ByteBuffer.wrap(data), Callback.NOOP);
      }
      callback.succeed();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
      byte[] data = new byte[payload.remaining()];
      payload.get(data);
      events.add(new Pong(data));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      events.add(new PeerEvent.Failed(String.valueOf(cause)));
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
      events.closed(code, reason, null);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public EventLog events() {
      return events;
    }

    @Override
    public void sendText(String text) throws Exception {
      await(Callback.Completable.with(c -> session.sendText(text, c)));
    }

    @Override
    public void sendBinary(byte[] data) throws Exception {
      await(Callback.Completable.with(c -> session.sendBinary(ByteBuffer.wrap(data), c)));
    }

    @Override
    public void sendFragment(String part, boolean first, boolean last) throws Exception {
      await(Callback.Completable.with(c -> session.sendPartialText(part, last, c)));
    }

    @Override
    public void ping(byte[] payload) throws Exception {
      await(Callback.Completable.with(c -> session.sendPing(ByteBuffer.wrap(payload), c)));
    }

    @Override
    public void close(int code, String reason) throws Exception {
      await(Callback.Completable.with(c -> session.close(code, reason, c)));
    }

    @Override
    public void abort() {
      session.disconnect();
    }

    private static void await(Callback.Completable c) throws Exception {
      c.get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
