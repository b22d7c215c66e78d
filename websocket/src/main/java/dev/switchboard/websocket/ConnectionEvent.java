package dev.switchboard.websocket;

import java.nio.ByteBuffer;

/**
 * The events of a {@link Connection}, each with the type its listeners receive; used with
 * {@link Connection#on} and {@link Connection#off}. Listeners of one connection are called one at
 * a time, in order, on its event loop: do not block in them. Buffers are borrowed for the call.
 * Immutable and thread-safe.
 *
 * @param <T> what a listener receives
 */
public final class ConnectionEvent<T> {

  /** A session opened: the first one, and each after a reconnect (then {@link #RECONNECTED} follows). */
  public static final ConnectionEvent<Session> OPEN = new ConnectionEvent<>("open");
  /** A text message. */
  public static final ConnectionEvent<String> TEXT = new ConnectionEvent<>("text");
  /** A binary message; the buffer is valid during the call only. */
  public static final ConnectionEvent<ByteBuffer> BINARY = new ConnectionEvent<>("binary");
  /** A ping arrived (already answered). */
  public static final ConnectionEvent<ByteBuffer> PING = new ConnectionEvent<>("ping");
  public static final ConnectionEvent<ByteBuffer> PONG = new ConnectionEvent<>("pong");
  /** The transport drained after being full (the "drain" event): sending may resume. */
  public static final ConnectionEvent<Session> WRITABLE = new ConnectionEvent<>("writable");
  /**
   * Something failed: a connect attempt (a {@link WebSocketConnectException}), a session (a
   * protocol violation, a {@link HeartbeatTimeoutException}, an I/O error) or a listener.
   */
  public static final ConnectionEvent<Throwable> ERROR = new ConnectionEvent<>("error");
  /**
   * A session closed (each one, whether or not a reconnect follows); {@link Connection#closed()}
   * completes only when the connection is over.
   */
  public static final ConnectionEvent<CloseEvent> CLOSE = new ConnectionEvent<>("close");
  /** A retry or reconnect is scheduled. */
  public static final ConnectionEvent<Reconnecting> RECONNECTING = new ConnectionEvent<>("reconnecting");
  /** A session opened again after a drop; queued messages have been handed to it. */
  public static final ConnectionEvent<Session> RECONNECTED = new ConnectionEvent<>("reconnected");

  private final String name;

  private ConnectionEvent(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }
}
