package dev.switchboard.cli;

import dev.switchboard.protocol.Utf8Validator;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.Reconnecting;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketConnectException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Prints what a client connection receives, one line per event: {@code < text}, {@code < [binary
 * N bytes] hex}, pings and pongs on request, {@code disconnected: CODE REASON} when a session
 * ends, and {@code reconnecting ...} / {@code reconnected} around a reconnect. Thread-safe: events
 * come on the connection's event loop, queries from the command's thread.
 */
final class Console {

  /** How many bytes of a binary message are shown in hex. */
  static final int HEX_PREFIX_BYTES = 32;

  private final PrintStream out;
  private final PrintStream err;
  private final String errorPrefix;
  private final String greeting;
  private final boolean showPingPong;
  private final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  private volatile Barrier barrier;

  /** A ping we sent to learn when the server has answered everything sent before it. */
  private record Barrier(ByteBuffer token, CompletableFuture<Void> answered) {}

  /**
   * @param errorPrefix starts error lines on {@code err}, e.g. "switchboard connect"
   * @param greeting printed once the session is open
   */
  Console(PrintStream out, PrintStream err, String errorPrefix, String greeting, boolean showPingPong) {
    this.out = out;
    this.err = err;
    this.errorPrefix = errorPrefix;
    this.greeting = greeting;
    this.showPingPong = showPingPong;
  }

  private volatile boolean opened;
  private volatile int attempts;

  /** Listens to {@code connection}'s events; call before any I/O (in {@code open}'s setup). */
  void attach(Connection connection) {
    connection.on(ConnectionEvent.OPEN, this::onOpen)
        .on(ConnectionEvent.TEXT, this::onText)
        .on(ConnectionEvent.BINARY, this::onBinary)
        .on(ConnectionEvent.PING, this::onPing)
        .on(ConnectionEvent.PONG, this::onPong)
        .on(ConnectionEvent.CLOSE, this::onClose)
        .on(ConnectionEvent.RECONNECTING, this::onReconnecting)
        .on(ConnectionEvent.RECONNECTED, s -> out.println("reconnected"));
    connection.closed().whenComplete((event, t) -> {
      if (attempts > 0) {
        err.println(errorPrefix + ": gave up reconnecting after " + attempts + " attempts");
      }
      closed.complete(event);
    });
  }

  /** Completes with the last close event once the connection is over and everything is printed. */
  CompletableFuture<CloseEvent> closed() {
    return closed;
  }

  /**
   * Returns a future that completes when a pong carrying {@code token} arrives; that pong is not
   * printed. Set it before sending the ping.
   */
  CompletableFuture<Void> expectPong(byte[] token) {
    Barrier b = new Barrier(ByteBuffer.wrap(token.clone()), new CompletableFuture<>());
    barrier = b;
    return b.answered();
  }

  private void onOpen(Session session) {
    attempts = 0;
    if (opened) {
      return; // a reconnect: "reconnected" follows
    }
    opened = true;
    // Printed here, on the loop, so it comes before any message the server sends at once.
    out.println(greeting);
    if (!session.protocol().isEmpty()) {
      out.println("subprotocol: " + session.protocol());
    }
  }

  private void onText(String text) {
    out.println("< " + text);
  }

  private void onBinary(ByteBuffer data) {
    out.println("< [binary " + data.remaining() + " bytes] " + hexPrefix(data, HEX_PREFIX_BYTES));
  }

  private void onPing(ByteBuffer payload) {
    if (showPingPong) {
      out.println("< [ping] " + describePayload(payload));
    }
  }

  private void onPong(ByteBuffer payload) {
    Barrier b = barrier;
    if (b != null && b.token().equals(payload)) {
      barrier = null;
      b.answered().complete(null);
      return;
    }
    if (showPingPong) {
      out.println("< [pong] " + describePayload(payload));
    }
  }

  private void onClose(CloseEvent event) {
    out.println("disconnected: " + event.code() + (event.reason().isEmpty() ? "" : " " + event.reason()));
    if (event.error() != null) {
      String message = event.error().getMessage();
      err.println(errorPrefix + ": connection failed: " + (message != null ? message : event.error().toString()));
    }
  }

  private void onReconnecting(Reconnecting r) {
    attempts = r.attempt();
    out.println(String.format(Locale.ROOT, "reconnecting in %.1f s (attempt %d)", r.delay().toMillis() / 1000.0, r.attempt()));
    if (r.failure() instanceof WebSocketConnectException e) {
      err.println(errorPrefix + ": reconnect failed: " + e.getMessage());
    }
  }

  /** The first {@code max} bytes in lower-case hex, with "..." if there are more. */
  static String hexPrefix(ByteBuffer data, int max) {
    int n = Math.min(max, data.remaining());
    StringBuilder sb = new StringBuilder(n * 2 + 3);
    for (int i = 0; i < n; i++) {
      int b = data.get(data.position() + i) & 0xFF;
      sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return data.remaining() > max ? sb.append("...").toString() : sb.toString();
  }

  /** A control payload as text if it is UTF-8, else as hex. */
  static String describePayload(ByteBuffer payload) {
    if (!payload.hasRemaining()) {
      return "(empty)";
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    return Utf8Validator.isValid(bytes) ? new String(bytes, StandardCharsets.UTF_8) : "hex " + hexPrefix(payload, 125);
  }
}
