package dev.switchboard.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;

/**
 * A WebSocket client on a plain blocking socket, so a test controls exactly what is read and
 * when (or that nothing is read at all). Not thread-safe; every read is bounded by a timeout.
 */
final class RawClient implements AutoCloseable {

  /** One frame as received: its first byte's flags and opcode, and the payload. */
  record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  final Socket socket;
  private final DataInputStream in;
  /** The response head of the opening handshake. */
  final String responseHead;

  private RawClient(Socket socket, String responseHead) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.responseHead = responseHead;
  }

  /**
   * Connects from {@code local} (null: any) with a receive buffer of {@code receiveBufferBytes}
   * (0: the default) and sends an opening request for {@code path} with {@code extensions} (null:
   * none); reads the response head only.
   */
  static RawClient connect(int port, String path, String extensions, InetAddress local, int receiveBufferBytes)
      throws IOException {
    Socket s = new Socket();
    if (receiveBufferBytes > 0) {
      s.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small from the start
    }
    s.setSoTimeout(10_000);
    if (local != null) {
      s.bind(new InetSocketAddress(local, 0));
    }
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    OutputStream out = s.getOutputStream();
    String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
    out.write(req.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // Byte by byte up to the blank line: nothing behind the head is consumed.
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    var raw = s.getInputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = raw.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return new RawClient(s, head.toString(StandardCharsets.ISO_8859_1));
  }

  static RawClient connect(int port, String path) throws IOException {
    return connect(port, path, null, null, 0);
  }

  int status() {
    return Integer.parseInt(responseHead.substring(9, 12));
  }

  /** A response header's value, or null. */
  String header(String name) {
    for (String line : responseHead.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0f, payload);
  }

  /** Whether the server closed the connection: the next read sees end of stream. */
  boolean atEndOfStream() throws IOException {
    try {
      in.readUnsignedByte();
      return false;
    } catch (EOFException e) {
      return true;
    }
  }

  /** Everything up to the end of the stream (a refusal's body); fails if the server keeps it open. */
  String readToEnd() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Sends a masked close frame with {@code code}. */
  void sendClose(int code) throws IOException {
    byte[] f = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, (byte) (code >> 8), (byte) code};
    socket.getOutputStream().write(f);
    socket.getOutputStream().flush();
  }

  /** A permessage-deflate payload inflated, as RFC 7692 §7.2.2 says: with 00 00 FF FF appended. */
  static byte[] inflate(byte[] compressed) throws Exception {
    Inflater inflater = new Inflater(true);
    try {
      byte[] in = new byte[compressed.length + 4];
      System.arraycopy(compressed, 0, in, 0, compressed.length);
      in[compressed.length + 2] = (byte) 0xff;
      in[compressed.length + 3] = (byte) 0xff;
      inflater.setInput(in);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = inflater.inflate(buf)) > 0) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
