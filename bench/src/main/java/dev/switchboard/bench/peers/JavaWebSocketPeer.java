package dev.switchboard.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The Java-WebSocket peer, with one decoder thread. Broadcast uses the library's own
 * {@code broadcast}, which encodes the frame once for all members. Thread-safe.
 */
final class JavaWebSocketPeer extends WebSocketServer {

  private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

  private JavaWebSocketPeer(int port) {
    super(new InetSocketAddress("127.0.0.1", port), 1);
    setTcpNoDelay(true);
    setReuseAddr(true);
  }

  static AutoCloseable start(int port) throws InterruptedException {
    JavaWebSocketPeer p = new JavaWebSocketPeer(port);
    p.start();
    return () -> p.stop(1000);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    if (handshake.getResourceDescriptor().startsWith("/broadcast")) {
      conn.setAttachment(Boolean.TRUE);
      members.add(conn);
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    members.remove(conn);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    if (conn.getAttachment() != null) {
      broadcast(message, members);
    } else {
      conn.send(message);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    if (conn.getAttachment() != null) {
      broadcast(message, members);
    } else {
      conn.send(message);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    System.err.println("java-websocket peer: " + ex);
  }

  @Override
  public void onStart() {}
}
