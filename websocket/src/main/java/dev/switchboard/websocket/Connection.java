package dev.switchboard.websocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A client connection that outlives its sessions: the handle {@link WebSocketClient#open} returns
 * at once. Thread-safe: every method may be called from any thread.
 *
 * <p>It is a {@link CompletionStage} of the first open {@link Session}: {@code join()} it, or
 * chain {@code thenAccept}/{@code exceptionally}. It fails with the {@link
 * WebSocketConnectException} of the last attempt when the first connect gives up, or with a
 * {@link ConnectCancelledException} when {@link #cancel()} (or anyone completing it) stops the
 * connect first. Dependent stages run on the connection's event loop: do not block in them.
 *
 * <h2>Lifecycle</h2>
 *
 * <pre>
 * CONNECTING --open--> OPEN --close()--> CLOSING --> CLOSED
 *    |  \--retryable failure--> RETRYING --open--> OPEN
 *    |                   OPEN --dropped, reconnect on--> RETRYING --open--> OPEN (RECONNECTED)
 *    \--failure, no retry left / cancel() / dropped with reconnect off--> CLOSED
 * </pre>
 *
 * {@link #id()} stays the same across reconnects; {@link #closed()} completes once, at the end.
 *
 * <h2>Sending</h2>
 *
 * {@link #sendText} and {@link #sendBinary} go to the open session (the future completes when the
 * frame is written to the socket); while none is open, they wait in the {@link OfflineQueue} and
 * go out in order, before anything sent later, as soon as a session opens — or fail with a
 * {@link SendRejectedException} when the queue is off or full. A message handed to a session that
 * then drops fails with that session's error; it is not sent again.
 */
public interface Connection extends CompletionStage<Session> {

  /** A unique id, the same across reconnects. */
  String id();

  /** The URL connected to. */
  URI url();

  /** Where the connection is now. */
  ConnectionStatus status();

  /** The open session, or null while none is. */
  Session session();

  /** Adds {@code listener} for {@code event}; listeners run on the event loop, in order of adding. */
  <T> Connection on(ConnectionEvent<T> event, Consumer<? super T> listener);

  /** Removes a listener added with {@link #on}; unknown listeners are ignored. */
  <T> Connection off(ConnectionEvent<T> event, Consumer<? super T> listener);

  /** Sends a text message, now or once a session opens; see the class comment. */
  CompletableFuture<Void> sendText(CharSequence text);

  /** Sends the remaining bytes of {@code data} (copied; not consumed) as a binary message. */
  CompletableFuture<Void> sendBinary(ByteBuffer data);

  default CompletableFuture<Void> sendBinary(byte[] data) {
    return sendBinary(ByteBuffer.wrap(data));
  }

  /**
   * Closes for good: the open session with {@code code} and {@code reason}, and no reconnect.
   * Before the first open this cancels the connect. Completes with the final {@link CloseEvent}.
   *
   * @throws IllegalArgumentException if the code may not be sent or the reason is too long
   */
  CompletableFuture<CloseEvent> close(int code, String reason);

  default CompletableFuture<CloseEvent> close() {
    return close(1000, "");
  }

  /**
   * Cancels the connect at whatever stage it is (TCP, proxy, TLS, handshake, waiting to retry):
   * the handle fails with a {@link ConnectCancelledException} and the connection is CLOSED.
   *
   * @return false if the first session had already opened, or the connect had already ended
   */
  boolean cancel();

  /** Completes once, with the last {@link CloseEvent}, when the connection is over. */
  CompletableFuture<CloseEvent> closed();

  /** Bytes waiting: queued while offline, plus accepted by the session and not yet written. */
  long bufferedAmount();

  /** Messages waiting in the offline queue. */
  int queuedMessages();

  /** Whether the open session's transport takes more without queueing; false while none is open. */
  boolean isWritable();

  /** Waits for the first open session; throws what {@link CompletableFuture#join()} throws. */
  default Session join() {
    return toCompletableFuture().join();
  }
}
