package dev.switchboard.websocket.interop;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.ClientTls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers of the interop tests by name, each started on first use and shared until {@link
 * #close()}. Plain {@code ws://}; {@code "switchboard"} names our own client or server.
 */
final class Peers implements AutoCloseable {

  static final String OURS = "switchboard";

  /**
   * Our client or server, and Node's ws, with permessage-deflate (RFC 7692) on and a threshold of
   * 0: ws compresses every message, we every one that compression shrinks.
   */
  static final String OURS_DEFLATE = "switchboard+deflate";
  /** Our client on {@link dev.switchboard.websocket.ClientImplementation#JDK}. */
  static final String OURS_JDK = "switchboard-jdk";
  static final String WS_DEFLATE = "ws+deflate";

  static final DeflateConfig COMPRESS_ALL = DeflateConfig.DEFAULT.withThresholdBytes(0);

  /** Independent clients, tried against our server. */
  static final List<String> FOREIGN_CLIENTS = List.of("jdk", "netty", "okhttp", "jetty", "ws", "chromium");

  /** Independent servers, tried with our client. */
  static final List<String> FOREIGN_SERVERS = List.of("netty", "jetty", "ws");

  private final Map<String, Peer> started = new LinkedHashMap<>();

  synchronized Peer.Client client(String name) throws Exception {
    Peer peer = started.get("client:" + name);
    if (peer == null) {
      peer = switch (name) {
        case OURS -> new OurPeers.Client(ClientTls.systemTrust());
        case OURS_DEFLATE -> new OurPeers.Client(ClientTls.systemTrust(), COMPRESS_ALL);
        case OURS_JDK -> new OurPeers.Client(ClientTls.systemTrust(), null, dev.switchboard.websocket.ClientImplementation.JDK);
        case WS_DEFLATE -> NodePeer.start(NodePeer.Mode.WS_DEFLATE_CLIENT);
        case "jdk" -> new JdkPeer();
        case "okhttp" -> new OkHttpPeer();
        case "netty" -> new NettyPeers.Client();
        case "jetty" -> new JettyPeers.Client();
        case "ws" -> NodePeer.start(NodePeer.Mode.WS_CLIENT);
        case "chromium" -> NodePeer.start(NodePeer.Mode.CHROMIUM);
        default -> throw new IllegalArgumentException("no client peer " + name);
      };
      started.put("client:" + name, peer);
    }
    return (Peer.Client) peer;
  }

  synchronized Peer.Server server(String name) throws Exception {
    Peer peer = started.get("server:" + name);
    if (peer == null) {
      peer = switch (name) {
        case OURS -> new OurPeers.Server(null);
        case OURS_DEFLATE -> new OurPeers.Server(null, COMPRESS_ALL);
        case WS_DEFLATE -> NodePeer.start(NodePeer.Mode.WS_DEFLATE_SERVER);
        case "netty" -> new NettyPeers.Server();
        case "jetty" -> new JettyPeers.Server();
        case "ws" -> NodePeer.start(NodePeer.Mode.WS_SERVER);
        default -> throw new IllegalArgumentException("no server peer " + name);
      };
      started.put("server:" + name, peer);
    }
    return (Peer.Server) peer;
  }

  @Override
  public synchronized void close() throws Exception {
    for (Peer peer : started.values()) {
      peer.close();
    }
    started.clear();
  }
}
