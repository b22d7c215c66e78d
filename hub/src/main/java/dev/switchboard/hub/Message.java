package dev.switchboard.hub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An immutable message envelope, shared by every connection it is delivered to. Thread-safe.
 *
 * <p>Encode once per wire format: a sink calls {@link #encoded(Object, Function)} with a key for
 * its format (e.g. its subprotocol name); the first call encodes, every later call with an equal
 * key — from any sink, on any thread — returns the same object. So 10,000 JSON subscribers cost one
 * JSON encoding. Parts that differ per connection (a reliable connection's {@code sequenceId}) are
 * not part of the envelope: encode the shared part once and add them per connection.
 *
 * <p>The payload is copied in and never exposed mutably: {@link #payload()} returns a copy, and
 * {@link #payloadLength()}/{@link #payloadText()} read without copying.
 */
public final class Message {
  /** {@link #deadlineNanos()} of a message that never expires. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private final MessageSource source;
  private final String group;
  private final String fromUserId;
  private final DataType dataType;
  private final byte[] payload;
  private final long deadlineNanos;
  private final ConcurrentHashMap<Object, Object> encodings = new ConcurrentHashMap<>(2);

  private Message(MessageSource source, String group, String fromUserId, DataType dataType,
      byte[] payload, long deadlineNanos) {
    this.source = Objects.requireNonNull(source, "source");
    this.dataType = Objects.requireNonNull(dataType, "dataType");
    this.payload = Objects.requireNonNull(payload, "payload");
    if (source == MessageSource.GROUP && group == null) {
      throw new IllegalArgumentException("a group message needs its group");
    }
    this.group = group;
    this.fromUserId = fromUserId;
    this.deadlineNanos = deadlineNanos;
  }

  /** A message from the server (REST send, upstream reply) that never expires. */
  public static Message fromServer(DataType dataType, byte[] payload) {
    return new Message(MessageSource.SERVER, null, null, dataType, payload.clone(), NO_DEADLINE);
  }

  /**
   * A message published to {@code group}, by a client whose user is {@code fromUserId} (null for
   * REST publishes and anonymous clients).
   */
  public static Message fromGroup(String group, String fromUserId, DataType dataType,
      byte[] payload) {
    return new Message(MessageSource.GROUP, group, fromUserId, dataType, payload.clone(),
        NO_DEADLINE);
  }

  /** A UTF-8 text message from the server. */
  public static Message text(String text) {
    return new Message(MessageSource.SERVER, null, null, DataType.TEXT,
        text.getBytes(StandardCharsets.UTF_8), NO_DEADLINE);
  }

  /**
   * A copy that expires at {@code deadlineNanos} on the {@link Scheduler#nanoTime()} scale
   * ({@link #NO_DEADLINE} for never). Encodings are not carried over.
   */
  public Message withDeadlineNanos(long deadlineNanos) {
    return new Message(source, group, fromUserId, dataType, payload, deadlineNanos);
  }

  public MessageSource source() {
    return source;
  }

  /** The group of a {@link MessageSource#GROUP} message, otherwise null. */
  public String group() {
    return group;
  }

  /** The publishing client's user id, or null (REST publishes, anonymous clients). */
  public String fromUserId() {
    return fromUserId;
  }

  public DataType dataType() {
    return dataType;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  public int payloadLength() {
    return payload.length;
  }

  /** The payload decoded as UTF-8 (for TEXT and JSON messages). */
  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** Whether the payload equals {@code bytes}, without copying. */
  public boolean payloadEquals(byte[] bytes) {
    return Arrays.equals(payload, bytes);
  }

  /**
   * When the message expires (a client that has not received it by then never does), on the
   * {@link Scheduler#nanoTime()} scale; {@link #NO_DEADLINE} if never.
   */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Whether the message has expired at {@code nowNanos}: a sink drops it instead of writing it. */
  public boolean isExpired(long nowNanos) {
    return deadlineNanos != NO_DEADLINE && nowNanos - deadlineNanos >= 0;
  }

  /**
   * This message encoded for the wire format {@code key}, computed by {@code encoder} on the first
   * call with that key and shared by every later one. {@code encoder} reads the message (payload
   * through {@link #payload()} or {@link #payloadText()}) and must not call back into this method.
   */
  @SuppressWarnings("unchecked")
  public <T> T encoded(Object key, Function<? super Message, ? extends T> encoder) {
    Object cached = encodings.get(key);
    if (cached != null) {
      return (T) cached;
    }
    return (T) encodings.computeIfAbsent(key, k -> encoder.apply(this));
  }

  @Override
  public String toString() {
    return "Message[" + source + (group == null ? "" : " group=" + group)
        + (fromUserId == null ? "" : " fromUserId=" + fromUserId) + " " + dataType + " "
        + payload.length + " B" + (deadlineNanos == NO_DEADLINE ? "" : " deadline") + "]";
  }
}
