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
import java.util.function.Function;

/**
 * A TCP server on loopback that reads each request head and answers with exactly the bytes it
 * is told to, for handshakes no real server would send. Thread-safe.
 */
final class RawHttpServer implements AutoCloseable {

  /** What to do with a connection once its request head is read. */
  record Answer(byte[] bytes, boolean closeAfter) {
    /** Send nothing and keep the connection open. */
    static final Answer SILENCE = new Answer(new byte[0], false);

    static Answer of(String response, boolean closeAfter) {
      return new Answer(response.getBytes(StandardCharsets.UTF_8), closeAfter);
    }
  }

  private final ServerSocket server;
  private final Function<String, Answer> answers;
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Answers each request head (without the final blank line) as {@code answers} says. */
  RawHttpServer(Function<String, Answer> answers) throws IOException {
    this.answers = answers;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "raw-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The request heads received so far, oldest first. */
  BlockingQueue<String> requests() {
    return requests;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        String head = readHead(s.getInputStream());
        requests.add(head);
        Answer a = answers.apply(head);
        s.getOutputStream().write(a.bytes());
        s.getOutputStream().flush();
        if (a.closeAfter()) {
          s.close();
        }
      } catch (IOException e) {
        // the server or the client went away: the test says what it expected
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request head ended early");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String s = head.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }

  /** The value of header {@code name} in a request head, or null. */
  static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
