package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Opened;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * OkHttp as a client peer. Its API sends whole messages only, has no ping with a payload and
 * reports no pongs; it answers pings by itself; it refuses to queue more than 16 MiB to send.
 */
final class OkHttpPeer implements Peer.Client {

  private final OkHttpClient http;

  OkHttpPeer() {
    this(null, null);
  }

  /** With {@code ssl} and its trust manager (both non-null) for {@code wss://} servers. */
  OkHttpPeer(SSLContext ssl, X509TrustManager trust) {
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (ssl != null) {
      b.sslSocketFactory(ssl.getSocketFactory(), trust);
    }
    this.http = b.build();
  }

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public Side connect(URI uri) throws Exception {
    OkHttpSide side = new OkHttpSide();
    side.ws = http.newWebSocket(new Request.Builder().url(uri.toString()).build(), side);
    side.opened.get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return side;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static final class OkHttpSide extends WebSocketListener implements Side {
    private final EventLog events = new EventLog("okhttp client");
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile WebSocket ws;

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      events.add(new Opened());
      opened.complete(null);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      events.message(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      events.message(MessageType.BINARY, bytes.toByteArray());
    }

    /** OkHttp leaves answering the peer's close frame to the application, as its docs show. */
    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      events.closed(code, reason, null);
      webSocket.close(code == 1005 ? 1000 : code, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      opened.completeExceptionally(t);
      events.add(new PeerEvent.Failed(String.valueOf(t)));
      events.closed(1006, "", false);
    }

    @Override
    public String name() {
      return "okhttp client";
    }

    @Override
    public EventLog events() {
      return events;
    }

    @Override
    public boolean can(Ability ability) {
      return ability == Ability.ABORT;
    }

    @Override
    public void sendText(String text) {
      assertThat(ws.send(text)).as("okhttp accepted the message").isTrue();
    }

    @Override
    public void sendBinary(byte[] data) {
      assertThat(ws.send(ByteString.of(data))).as("okhttp accepted the message").isTrue();
    }

    @Override
    public void sendFragment(String part, boolean first, boolean last) {
      throw new UnsupportedOperationException("okhttp sends whole messages only");
    }

    @Override
    public void ping(byte[] payload) {
      throw new UnsupportedOperationException("okhttp has no ping with a payload");
    }

    @Override
    public void close(int code, String reason) {
      assertThat(ws.close(code, reason)).as("okhttp started closing").isTrue();
    }

    @Override
    public void abort() {
      ws.cancel();
    }
  }
}
