package dev.switchboard.hub.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw WebSocket client of the hub for exact wire checks: our own client library, recording
 * every frame (text as String, binary as byte[]). Thread-safe.
 */
public final class WireClient implements Endpoint, AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();

  final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  public Session session;

  public static WireClient connect(WebSocketClient client, String url, String... subprotocols) throws Exception {
    return connect(client, ConnectRequest.to(url).subprotocols(subprotocols).build());
  }

  public static WireClient connect(WebSocketClient client, ConnectRequest request) throws Exception {
    WireClient w = new WireClient();
    w.session = client.connect(request, w).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return w;
  }

  @Override
  public void onText(Session s, String text) {
    frames.add(text);
  }

  @Override
  public void onBinary(Session s, ByteBuffer data) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    frames.add(b);
  }

  @Override
  public void onClose(Session s, CloseEvent event) {
    closed.complete(event);
  }

  /** The next frame; fails after {@link #TIMEOUT}. */
  public Object next() throws InterruptedException {
    Object f = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (f == null) {
      throw new AssertionError("no frame within " + TIMEOUT);
    }
    return f;
  }

  /** The next text frame parsed as JSON. */
  public JsonNode json() throws InterruptedException {
    Object f = next();
    if (!(f instanceof String s)) {
      throw new AssertionError("expected a text frame, got " + f);
    }
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next JSON frame matching {@code p}, skipping others (e.g. pongs). */
  public JsonNode json(Predicate<JsonNode> p) throws InterruptedException {
    while (true) {
      JsonNode n = json();
      if (p.test(n)) {
        return n;
      }
    }
  }

  /** Whether no frame arrives within {@code d}: for "not delivered" checks after a later marker. */
  public Object poll(Duration d) throws InterruptedException {
    return frames.poll(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void send(String json) {
    session.sendText(json).join();
  }

  public CloseEvent awaitClose() throws Exception {
    return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (session != null) {
      session.abort();
    }
  }
}
