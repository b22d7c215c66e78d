package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Handshake;
import dev.switchboard.websocket.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** HTTP/1.1 heads as bytes, for playing either side of the opening handshake. Stateless. */
final class HttpWire {

  /** The key and accept value of RFC 6455 §1.3. */
  static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  private HttpWire() {}

  /** An embedded channel with TCP-like addresses (the handlers expect InetSocketAddress) and a frozen clock. */
  static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel() {
      @Override
      protected SocketAddress localAddress0() {
        return new InetSocketAddress("127.0.0.1", 8080);
      }

      @Override
      protected SocketAddress remoteAddress0() {
        return new InetSocketAddress("127.0.0.1", 50123);
      }
    };
    ch.freezeTime();
    return ch;
  }

  /** A {@link #channel()} with the server's handshake pipeline as {@code WebSocketServer} builds it. */
  static EmbeddedChannel serverChannel(Limits limits, ServerUpgradeHandler handler) {
    EmbeddedChannel ch = channel();
    ServerUpgradeHandler.addTo(ch.pipeline(), limits, handler);
    return ch;
  }

  /**
   * A {@link #channel()} with the client's handshake pipeline as {@code WebSocketClient} builds
   * it; the channel is active, so the request goes out at once.
   */
  static EmbeddedChannel clientChannel(Limits limits, ClientHandshakeHandler handler) {
    EmbeddedChannel ch = channel();
    int head = limits.maxHandshakeHeaderBytes();
    ch.pipeline().addLast(ClientHandshakeHandler.HTTP_CODEC, new HttpClientCodec(4096, head, 8192));
    ch.pipeline().addLast(ClientHandshakeHandler.NAME, handler);
    return ch;
  }

  /**
   * Closes a handshake test's channel, releases what is left in it, and checks that the endpoint
   * saw {@code onClose} exactly once if it was opened, and never if it was not.
   */
  static void finish(EmbeddedChannel ch, RecordingEndpoint endpoint) {
    if (ch == null) {
      return;
    }
    ch.close();
    ch.runPendingTasks();
    drainOutbound(ch);
    ch.finishAndReleaseAll();
    assertThat(endpoint.closes).as("onClose exactly once per opened session, never for one that did not open")
        .hasSize(endpoint.session == null ? 0 : 1);
  }

  static void advance(EmbeddedChannel ch, Duration d) {
    ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
  }

  /** The headers of a valid opening request (RFC 6455 §4.1), in order; change them per test. */
  static Map<String, String> validRequestHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", "server.example.com");
    h.put("Upgrade", "websocket");
    h.put("Connection", "Upgrade");
    h.put("Sec-WebSocket-Key", RFC_KEY);
    h.put("Sec-WebSocket-Version", "13");
    return h;
  }

  /** The headers of a valid 101 answer (RFC 6455 §4.2.2) to a request with {@code key}; change them per test. */
  static Map<String, String> validAnswerHeaders(String key) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Upgrade", "websocket");
    h.put("Connection", "Upgrade");
    h.put("Sec-WebSocket-Accept", Handshake.acceptKey(key));
    return h;
  }

  /** A request head; header values that are null are left out. */
  static byte[] head(String startLine, Map<String, String> headers) {
    StringBuilder sb = new StringBuilder(startLine).append("\r\n");
    headers.forEach((k, v) -> {
      if (v != null) {
        sb.append(k).append(": ").append(v).append("\r\n");
      }
    });
    return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] get(String target, Map<String, String> headers) {
    return head("GET " + target + " HTTP/1.1", headers);
  }

  /** A response (or request) read back: the start line's status, headers, body, and bytes after it. */
  record Message(String startLine, Map<String, List<String>> headers, String body, byte[] rest) {
    int status() {
      return Integer.parseInt(startLine.split(" ")[1]);
    }

    /** The only value of {@code name} (case-insensitive), or null if absent. */
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      if (v == null) {
        return null;
      }
      assertThat(v).as("values of %s", name).hasSize(1);
      return v.get(0);
    }
  }

  /** Everything written so far, released. */
  static byte[] drainOutbound(EmbeddedChannel ch) {
    ch.runPendingTasks();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Object m;
    while ((m = ch.readOutbound()) != null) {
      ByteBuf b = (ByteBuf) m;
      try {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.writeBytes(bytes);
      } finally {
        b.release();
      }
    }
    return out.toByteArray();
  }

  /** Parses one HTTP message at the start of {@code bytes}; its body's length is Content-Length (or 0). */
  static Message parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    assertThat(end).as("a complete HTTP head in %s", all).isPositive();
    String[] lines = all.substring(0, end).split("\r\n");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : Arrays.asList(lines).subList(1, lines.length)) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    List<String> cl = headers.get("content-length");
    int bodyLength = cl == null ? 0 : Integer.parseInt(cl.get(0));
    int bodyStart = end + 4;
    String body = new String(bytes, bodyStart, bodyLength, StandardCharsets.UTF_8);
    byte[] rest = Arrays.copyOfRange(bytes, bodyStart + bodyLength, bytes.length);
    return new Message(lines[0], headers, body, rest);
  }
}
