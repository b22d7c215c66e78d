package dev.switchboard.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection, on either side. Thread-safe: every method may be called from any
 * thread; the connection's state lives on its event loop and calls from elsewhere hop onto it,
 * keeping their order.
 *
 * <h2>Lifecycle</h2>
 *
 * <pre>
 * CONNECTING --101--> OPEN --close sent/received--> CLOSING --TCP closed--> CLOSED
 *      \____________________ handshake failed, I/O error ________________/
 * </pre>
 *
 * A server's endpoint first sees a session in {@link Endpoint#onOpen}; a client's connect
 * future completes with it after {@code onOpen}. Messages are delivered in order, one at a
 * time, on the session's event loop. Every session that was opened ends with exactly one
 * {@link Endpoint#onClose(Session, CloseEvent)}, which carries the failure, if any.
 *
 * <h2>Sending</h2>
 *
 * {@code sendText}, {@code sendBinary}, {@code ping} and {@code pong} copy what they are given
 * and return a future that completes when the frame has been written to the socket, or fails if
 * the session is not {@link ReadyState#OPEN} or closes before the write. Bytes accepted but not
 * yet written count in {@link #bufferedAmount()}; {@link #isWritable()} turns false above {@link
 * Limits#sendHighWaterBytes()}, and {@link Endpoint#onWritable} is called once the buffer falls
 * below {@link Limits#sendLowWaterBytes()}; a data send that would pass {@link
 * Limits#maxBufferedBytes()} fails at once with {@link SendBufferFullException}. Control frames are never split into a
 * message's frames: a ping sent mid-message goes out between whole frames.
 *
 * <h2>Sending without a future</h2>
 *
 * {@link #offerText(ByteBuffer)} and {@link #offerBinary(ByteBuffer)} send like {@code sendText}
 * and {@code sendBinary} but return only whether the message was accepted: false when the
 * session is not {@link ReadyState#OPEN} or the send buffer is full ({@link
 * Limits#maxBufferedBytes()}), and nothing is queued then. No future is made, and inside an
 * {@link Endpoint} callback for a received message an accepted frame is copied straight into
 * the buffer that is written to the socket once per read batch: the cheapest way to answer. A write that fails after acceptance ends the session, which {@link
 * Endpoint#onError} and {@link Endpoint#onClose} report. {@link #sendText(ByteBuffer)} and
 * {@link Endpoint#onTextUtf8} carry text as UTF-8 bytes, so that text passed through is
 * never decoded and encoded again:
 *
 * <pre>{@code
 * public void onTextUtf8(Session s, ByteBuffer utf8) { s.offerText(utf8); } // an echo
 * }</pre>
 *
 * <h2>Limits and close codes</h2>
 *
 * What this side accepts is set by {@link Limits}: a frame or message over its limit closes the
 * session with 1009; a framing error by the peer with 1002; invalid UTF-8 in a text message or
 * close reason with 1007, at the first bad byte; an exception thrown by an {@link Endpoint}
 * callback with 1011. The opening handshake and the closing handshake each have a timeout.
 *
 * <h2>Compression</h2>
 *
 * When both sides configure permessage-deflate (RFC 7692; {@code WebSocketServer.Builder} and
 * {@code WebSocketClient.Builder}'s {@code compression}), {@link #extensions()} says so. Messages
 * from the configured threshold up are then sent compressed, and received messages are inflated
 * transparently: {@code maxMessageBytes} bounds the inflated size (1009 beyond it, before more
 * is inflated), and compressed data that is not valid DEFLATE closes with 1007.
 *
 * <h2>Outgoing buffer</h2>
 *
 * Bytes accepted but not yet written are bounded by {@link Limits#maxBufferedBytes()}: a send
 * that would pass it fails at once with {@link SendBufferFullException}, and nothing of it is
 * queued. Control frames are never refused.
 *
 * <h2>Topics (server sessions)</h2>
 *
 * A server session may {@link #subscribe(String)} to topics; {@code WebSocketServer.publish}
 * then frames a message once and writes the same bytes to every subscriber. A topic message that
 * would take a subscriber past {@code maxBufferedBytes} closes it with 1013 or is dropped and
 * counted in {@link #droppedMessages()}, as {@link ServerLimits#slowConsumerPolicy()} says.
 * Subscriptions end with the session.
 *
 * <h2>Closing</h2>
 *
 * After {@link #close(int, String)} nothing more can be sent, but messages the peer sent before
 * it saw our close frame are still delivered, until its close frame arrives (RFC 6455 §7.1). The
 * {@link CloseEvent} carries the code and reason of the close frame received (§7.1.5), or 1006.
 */
public interface Session {

  /** Sends a text message (UTF-8 on the wire). */
  CompletableFuture<Void> sendText(CharSequence text);

  /**
   * Sends the remaining bytes of {@code utf8}, UTF-8 text, as a text message without decoding
   * them; {@code utf8} is not consumed.
   *
   * @throws IllegalArgumentException if the bytes are not well-formed UTF-8 (RFC 3629)
   */
  default CompletableFuture<Void> sendText(ByteBuffer utf8) {
    return sendText(decodeUtf8(utf8));
  }

  /**
   * Sends the remaining bytes of {@code utf8} as a text message if the session is open and the
   * send buffer has room, without a future (see "Sending without a future"); {@code utf8} is
   * not consumed. Returns whether the message was accepted.
   *
   * @throws IllegalArgumentException if the bytes are not well-formed UTF-8 (RFC 3629)
   */
  default boolean offerText(ByteBuffer utf8) {
    return !sendText(utf8).isCompletedExceptionally();
  }

  /** Sends the remaining bytes of {@code data} as a binary message; {@code data} is not consumed. */
  CompletableFuture<Void> sendBinary(ByteBuffer data);

  /**
   * Sends the remaining bytes of {@code data} as a binary message if the session is open and the
   * send buffer has room, without a future (see "Sending without a future"); {@code data} is not
   * consumed. Returns whether the message was accepted.
   */
  default boolean offerBinary(ByteBuffer data) {
    return !sendBinary(data).isCompletedExceptionally();
  }

  /** Sends {@code data} as a binary message. */
  default CompletableFuture<Void> sendBinary(byte[] data) {
    return sendBinary(ByteBuffer.wrap(data));
  }

  /**
   * Sends one frame of a message that is sent in pieces: {@code type} names the message on its
   * first fragment, and {@code last} marks the final one. Text fragments must each be whole
   * characters. While a fragmented message is being sent, whole messages wait behind it.
   */
  CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer data, boolean last);

  /** Sends a ping with up to 125 bytes of payload. */
  CompletableFuture<Void> ping(ByteBuffer payload);

  /** Sends an unsolicited pong with up to 125 bytes of payload (pings are answered automatically). */
  CompletableFuture<Void> pong(ByteBuffer payload);

  /**
   * Starts the closing handshake with {@code code} (1000–1003, 1007–1014 or 3000–4999) and a
   * reason of at most 123 UTF-8 bytes. The returned future completes with the terminal event when
   * the connection is closed. Calling it again, or after the peer started closing, returns the
   * same future.
   *
   * @throws IllegalArgumentException if the code may not be sent or the reason is too long
   */
  CompletableFuture<CloseEvent> close(int code, String reason);

  /** Closes with 1000 (normal closure) and no reason. */
  default CompletableFuture<CloseEvent> close() {
    return close(1000, "");
  }

  /** Drops the connection at once, without a closing handshake (reported as 1006). */
  void abort();

  /** The state as the browser API names it. */
  ReadyState readyState();

  /** The URL: the full {@code ws://} or {@code wss://} URL on a client, path and query on a server. */
  URI url();

  /** The negotiated subprotocol, or the empty string. */
  String protocol();

  /**
   * The negotiated extensions as the server's {@code Sec-WebSocket-Extensions} answer named
   * them (e.g. {@code "permessage-deflate"} or {@code "permessage-deflate;
   * client_no_context_takeover"}), or the empty string when none was agreed.
   */
  String extensions();

  InetSocketAddress localAddress();

  InetSocketAddress remoteAddress();

  /** Bytes accepted by send methods and not yet written to the socket. */
  long bufferedAmount();

  /**
   * False once the bytes waiting for the socket pass {@link Limits#sendHighWaterBytes()}, true
   * again once they fall below {@link Limits#sendLowWaterBytes()}.
   */
  boolean isWritable();

  /** Stops reading from the socket until {@link #resumeReading()}: the peer then slows down. */
  void pauseReading();

  void resumeReading();

  /** What the server's upgrade decision attached to this session, or null. */
  Object attachment();

  /** Replaces the attachment. */
  void attachment(Object value);

  /**
   * The implementation's own object under this session, for what this API does not cover: on a
   * client built with {@link ClientImplementation#JDK}, {@code unwrap(java.net.http.WebSocket.class)};
   * on Netty (either side), {@code unwrap(io.netty.channel.Channel.class)}. Use it with care: what
   * is done on it behind the session's back (sending, closing) is not tracked here.
   *
   * @throws IllegalArgumentException if this session is not backed by a {@code type}
   */
  default <T> T unwrap(Class<T> type) {
    if (type != null && type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("this session (" + getClass().getSimpleName() + ") is not backed by "
        + (type == null ? "null" : type.getName()));
  }

  /**
   * The text of {@code utf8}'s remaining bytes, which are not consumed.
   *
   * @throws IllegalArgumentException if they are not well-formed UTF-8
   */
  private static String decodeUtf8(ByteBuffer utf8) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(utf8.duplicate()).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text to send is not well-formed UTF-8: " + e.getMessage(), e);
    }
  }

  /**
   * Joins {@code topic}: messages published to it from now on are sent to this session. It takes
   * effect before any message published after this call returns, from the same thread. Joining
   * a topic twice is joining it once.
   *
   * @throws UnsupportedOperationException on a client session (topics belong to a server)
   * @throws IllegalArgumentException if {@code topic} is null or empty
   */
  default void subscribe(String topic) {
    throw new UnsupportedOperationException("topics are a server feature: subscribe a WebSocketServer's session");
  }

  /** Leaves {@code topic}; nothing happens if this session had not joined it. */
  default void unsubscribe(String topic) {
    throw new UnsupportedOperationException("topics are a server feature: subscribe a WebSocketServer's session");
  }

  /** The topics this session has joined, an immutable snapshot (empty on a client). */
  default Set<String> subscriptions() {
    return Set.of();
  }

  /**
   * Topic messages not sent to this session because they would have taken it past {@link
   * Limits#maxBufferedBytes()} under {@link SlowConsumerPolicy#DROP}.
   */
  default long droppedMessages() {
    return 0;
  }
}
