package dev.switchboard.websocket.interop;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.ServerTls;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Switchboard's server and client as members of the interop matrix. */
final class OurPeers {

  private OurPeers() {}

  /** Our server, echoing on every path. */
  static final class Server implements Peer.Server {
    private final WebSocketServer server;
    private final BlockingQueue<Side> accepted = new LinkedBlockingQueue<>();
    private final String scheme;

    Server(ServerTls tls) {
      this(tls, null);
    }

    /** With permessage-deflate when {@code compression} is not null. */
    Server(ServerTls tls, DeflateConfig compression) {
      this.scheme = tls == null ? "ws" : "wss";
      this.server = WebSocketServer.builder()
          .ioThreads(1)
          .tls(tls)
          .compression(compression)
          .route("/*", OurSide.recorder("switchboard server", true, accepted::add))
          .start();
    }

    @Override
    public String name() {
      return "switchboard";
    }

    @Override
    public URI uri() {
      return URI.create(scheme + "://127.0.0.1:" + server.port() + "/echo");
    }

    WebSocketServer server() {
      return server;
    }

    @Override
    public Side accepted() throws InterruptedException {
      Side side = accepted.poll(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (side == null) {
        throw new AssertionError("switchboard server accepted no connection within " + EventLog.TIMEOUT);
      }
      return side;
    }

    @Override
    public void forgetAccepted() {
      accepted.clear();
    }

    @Override
    public void close() {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  /** Our client, recording what it receives and echoing nothing. */
  static final class Client implements Peer.Client {
    private final WebSocketClient client;

    Client(ClientTls tls) {
      this(tls, null);
    }

    /** Offering permessage-deflate when {@code compression} is not null. */
    Client(ClientTls tls, DeflateConfig compression) {
      this(tls, compression, dev.switchboard.websocket.ClientImplementation.NETTY);
    }

    /** On {@code implementation}: the JDK's WebSocket or Netty. */
    Client(ClientTls tls, DeflateConfig compression, dev.switchboard.websocket.ClientImplementation implementation) {
      this.client = WebSocketClient.builder().implementation(implementation).tls(tls).compression(compression).build();
    }

    @Override
    public String name() {
      return "switchboard";
    }

    WebSocketClient client() {
      return client;
    }

    @Override
    public Side connect(URI uri) throws Exception {
      return OurSide.of(client.connect(uri, OurSide.recorder("switchboard client", false, side -> {}))
          .get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
