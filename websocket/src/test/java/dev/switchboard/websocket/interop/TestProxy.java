package dev.switchboard.websocket.interop;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A minimal proxy on loopback, for tests: HTTP CONNECT (RFC 9110 §9.3.6) with optional Basic
 * {@code Proxy-Authorization}, or SOCKS5 (RFC 1928) with optional user/password (RFC 1929). It
 * records each target asked for and pipes bytes both ways. Thread-safe.
 */
final class TestProxy implements AutoCloseable {

  enum Kind { HTTP, SOCKS5 }

  private final Kind kind;
  private final String user;
  private final String password;
  private final ServerSocket server;
  private final BlockingQueue<String> targets = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** A proxy requiring {@code user}/{@code password}, or none when they are null. */
  TestProxy(Kind kind, String user, String password) throws IOException {
    this.kind = kind;
    this.user = user;
    this.password = password;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop, "test-proxy");
  }

  int port() {
    return server.getLocalPort();
  }

  /** "host:port" of each tunnel asked for, in order. */
  BlockingQueue<String> targets() {
    return targets;
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        daemon(() -> serve(client), "test-proxy-conn");
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      Socket target = kind == Kind.HTTP ? connectHttp(client) : connectSocks(client);
      if (target == null) {
        client.close();
        return;
      }
      sockets.add(target);
      daemon(() -> pipe(target, client), "test-proxy-down");
      pipe(client, target);
    } catch (IOException e) {
      // a side went away
    }
  }

  private Socket connectHttp(Socket client) throws IOException {
    String head = SilentServer.readHead(client);
    String[] line = head.split("\r\n")[0].split(" ");
    OutputStream out = client.getOutputStream();
    if (user != null) {
      String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(RawHttpServer.header(head.strip(), "Proxy-Authorization"))) {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return null;
      }
    }
    if (!line[0].equals("CONNECT")) {
      out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return null;
    }
    targets.add(line[1]);
    int colon = line[1].lastIndexOf(':');
    try {
      Socket target = new Socket();
      target.connect(new InetSocketAddress(line[1].substring(0, colon), Integer.parseInt(line[1].substring(colon + 1))), 5000);
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return target;
    } catch (IOException e) {
      out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return null;
    }
  }

  private Socket connectSocks(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    if (in.readUnsignedByte() != 5) {
      return null;
    }
    byte[] methods = in.readNBytes(in.readUnsignedByte());
    int wanted = user != null ? 2 : 0;
    boolean offered = false;
    for (byte m : methods) {
      offered |= m == wanted;
    }
    out.write(new byte[] {5, (byte) (offered ? wanted : 0xFF)});
    out.flush();
    if (!offered) {
      return null;
    }
    if (user != null) {
      in.readUnsignedByte(); // sub-negotiation version 1
      String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      boolean ok = user.equals(u) && password.equals(p);
      out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
      out.flush();
      if (!ok) {
        return null;
      }
    }
    in.readUnsignedByte(); // version
    int command = in.readUnsignedByte();
    in.readUnsignedByte(); // reserved
    int type = in.readUnsignedByte();
    String host;
    if (type == 3) {
      host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
    } else {
      host = InetAddress.getByAddress(in.readNBytes(type == 1 ? 4 : 16)).getHostAddress();
    }
    int port = in.readUnsignedShort();
    targets.add(host + ":" + port);
    byte[] reply = {5, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    if (command != 1) {
      reply[1] = 7; // command not supported
      out.write(reply);
      return null;
    }
    try {
      Socket target = new Socket();
      target.connect(new InetSocketAddress(host, port), 5000);
      out.write(reply);
      out.flush();
      return target;
    } catch (IOException e) {
      reply[1] = 5; // connection refused
      out.write(reply);
      out.flush();
      return null;
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // closed
    } finally {
      try {
        to.close();
        from.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
