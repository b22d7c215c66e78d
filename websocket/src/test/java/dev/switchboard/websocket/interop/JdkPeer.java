package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Opened;
import dev.switchboard.websocket.interop.PeerEvent.Ping;
import dev.switchboard.websocket.interop.PeerEvent.Pong;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** The JDK's {@code java.net.http.WebSocket} as a client peer. */
final class JdkPeer implements Peer.Client {

  private final HttpClient http;

  JdkPeer() {
    this(null);
  }

  /** With {@code ssl} (non-null) for {@code wss://} servers it must trust. */
  JdkPeer(SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  @Override
  public String name() {
    return "jdk";
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its threads end when it is unreachable.
  }

  @Override
  public Side connect(URI uri) throws Exception {
    JdkSide side = new JdkSide();
    side.ws = http.newWebSocketBuilder().buildAsync(uri, side).get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return side;
  }

  /** Reassembles partial messages (the JDK delivers them as they come) and records them. */
  private static final class JdkSide implements Side, WebSocket.Listener {
    private final EventLog events = new EventLog("jdk client");
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket ws;

    @Override
    public void onOpen(WebSocket webSocket) {
      events.add(new Opened());
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        events.message(MessageType.TEXT, text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        events.message(MessageType.BINARY, binary.toByteArray());
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      events.add(new Ping(bytes(message)));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      events.add(new Pong(bytes(message)));
      webSocket.request(1);
      return null;
    }

    /** Returning null lets the JDK answer the close frame with the same code. */
    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      events.closed(statusCode, reason, null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      events.add(new PeerEvent.Failed(String.valueOf(error)));
      events.closed(1006, "", false);
    }

    private static byte[] bytes(ByteBuffer b) {
      byte[] copy = new byte[b.remaining()];
      b.get(copy);
      return copy;
    }

    @Override
    public String name() {
      return "jdk client";
    }

    @Override
    public EventLog events() {
      return events;
    }

    @Override
    public void sendText(String s) throws Exception {
      await(ws.sendText(s, true));
    }

    @Override
    public void sendBinary(byte[] data) throws Exception {
      await(ws.sendBinary(ByteBuffer.wrap(data), true));
    }

    @Override
    public void sendFragment(String part, boolean first, boolean last) throws Exception {
      await(ws.sendText(part, last));
    }

    @Override
    public void ping(byte[] payload) throws Exception {
      await(ws.sendPing(ByteBuffer.wrap(payload)));
    }

    @Override
    public void close(int code, String reason) throws Exception {
      await(ws.sendClose(code, reason));
    }

    @Override
    public void abort() {
      ws.abort();
    }

    private static void await(CompletableFuture<WebSocket> f) throws Exception {
      f.get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
