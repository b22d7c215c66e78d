package dev.switchboard.websocket;

/**
 * The decision on one opening request, made once, now or later, from any thread. Thread-safe.
 * The handshake completes only when {@code accept} is called; if no decision is made within
 * {@link Limits#handshakeTimeout()}, the socket is closed.
 *
 * <p>Each method returns true if it made the decision, false if one was already made, the
 * handshake timed out or the client went away.
 */
public interface Upgrade {

  /** Accepts with no attachment and the subprotocol chosen by default. */
  default boolean accept() {
    return accept(null);
  }

  /**
   * Accepts, attaching {@code attachment} to the session (see {@link Session#attachment()}), with
   * the first subprotocol offered by the client that the route supports.
   */
  boolean accept(Object attachment);

  /**
   * Accepts with an explicit subprotocol, which must be one the client offered, or null for
   * none.
   *
   * @throws IllegalArgumentException if the client did not offer {@code subprotocol}
   */
  boolean accept(Object attachment, String subprotocol);

  /**
   * Accepts like {@link #accept(Object, String)}, with {@code limits} for this session instead of
   * the server's {@link Limits} (e.g. a per-tenant keep-alive {@link Limits#pingInterval()} or
   * {@link Limits#maxBufferedBytes()}). Only the limits of an open session are taken from it:
   * frame and message sizes, {@code closeTimeout}, {@code pingInterval}, {@code pingTimeout},
   * {@code maxBufferedBytes} and {@code idleTimeout}; {@code handshakeTimeout} and {@code
   * maxHandshakeHeaderBytes} were spent on this request under the server's limits.
   *
   * @throws IllegalArgumentException if the client did not offer {@code subprotocol}, or {@code
   *     limits} is null
   */
  boolean accept(Object attachment, String subprotocol, Limits limits);

  /** Refuses with an HTTP status (400–599) and a plain-text body; the connection is then closed. */
  boolean reject(int status, String body);

  /**
   * How the opening handshake ended, once it has: completes with the session just before its
   * {@link Endpoint#onOpen}, or exceptionally when no session came of it — with a {@link
   * java.util.concurrent.TimeoutException} when no decision was made within {@link
   * Limits#handshakeTimeout()}, an {@link UpgradeRejectedException} after {@link #reject}, or a
   * {@link java.nio.channels.ClosedChannelException} when the client went away first. Dependent
   * stages run on the connection's event loop unless they ask for an executor.
   */
  java.util.concurrent.CompletionStage<Session> outcome();
}
