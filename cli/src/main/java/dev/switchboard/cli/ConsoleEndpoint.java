package dev.switchboard.cli;

import dev.switchboard.protocol.Utf8Validator;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Prints what a client session receives, one line per event: {@code < text}, {@code < [binary N
 * bytes] hex}, pings and pongs on request, and {@code disconnected: CODE REASON} at the end.
 * Thread-safe: events come on the session's event loop, queries from the command's thread.
 */
final class ConsoleEndpoint implements Endpoint {

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
  ConsoleEndpoint(PrintStream out, PrintStream err, String errorPrefix, String greeting, boolean showPingPong) {
    this.out = out;
    this.err = err;
    this.errorPrefix = errorPrefix;
    this.greeting = greeting;
    this.showPingPong = showPingPong;
  }

  /** Completes with the terminal event once {@code disconnected: ...} has been printed. */
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

  @Override
  public void onOpen(Session session) {
    // Printed here, on the loop, so it comes before any message the server sends at once.
    out.println(greeting);
    if (!session.protocol().isEmpty()) {
      out.println("subprotocol: " + session.protocol());
    }
  }

  @Override
  public void onText(Session session, String text) {
    out.println("< " + text);
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    out.println("< [binary " + data.remaining() + " bytes] " + hexPrefix(data, HEX_PREFIX_BYTES));
  }

  @Override
  public void onPing(Session session, ByteBuffer payload) {
    if (showPingPong) {
      out.println("< [ping] " + describePayload(payload));
    }
  }

  @Override
  public void onPong(Session session, ByteBuffer payload) {
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

  @Override
  public void onClose(Session session, CloseEvent event) {
    out.println("disconnected: " + event.code() + (event.reason().isEmpty() ? "" : " " + event.reason()));
    if (event.error() != null) {
      String message = event.error().getMessage();
      err.println(errorPrefix + ": connection failed: " + (message != null ? message : event.error().toString()));
    }
    closed.complete(event);
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
