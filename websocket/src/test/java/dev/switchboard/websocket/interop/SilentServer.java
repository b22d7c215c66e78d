package dev.switchboard.websocket.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP server that accepts and never writes: the test reads what the client sends
 * from {@link #accepted()} (reads time out after 10 s). For a proxy or a TLS server that never
 * answers. Thread-safe.
 */
final class SilentServer implements AutoCloseable {

  private final ServerSocket server;
  private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  SilentServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          s.setSoTimeout(10_000);
          sockets.add(s);
          accepted.add(s);
        } catch (IOException e) {
          // closed
        }
      }
    }, "silent-server");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next accepted socket, waiting up to 10 s. */
  Socket accepted() throws InterruptedException {
    Socket s = accepted.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no connection within 10 s");
    }
    return s;
  }

  /** Reads an HTTP head up to the blank line. */
  static String readHead(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the head ended early: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
