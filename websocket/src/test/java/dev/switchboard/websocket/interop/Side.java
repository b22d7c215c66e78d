package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import java.util.List;

/**
 * One end of an open WebSocket connection under test, ours or a foreign peer's, with the few
 * actions the scenarios need. Every action returns once the peer has taken it (for most, once
 * the frame is written); what the other end sees arrives in its {@link #events()}.
 */
interface Side {

  /** What a peer's API can do beyond sending whole messages and closing. */
  enum Ability {
    /** Send a text message as several frames. */
    FRAGMENTS,
    /** Send a ping with a payload. */
    PING,
    /** Drop the TCP connection without a closing handshake. */
    ABORT,
    /** Send a message over 16 MiB (OkHttp queues at most 16 MiB). */
    SEND_OVER_16_MIB
  }

  String name();

  EventLog events();

  default boolean can(Ability ability) {
    return true;
  }

  /** Whether this is Switchboard itself, whose close events are checked in full. */
  default boolean isOurs() {
    return false;
  }

  void sendText(String text) throws Exception;

  void sendBinary(byte[] data) throws Exception;

  /** Sends {@link Payloads#large} of {@code type} and at most {@code maxBytes} as one message. */
  default void sendLarge(MessageType type, int maxBytes) throws Exception {
    if (type == MessageType.TEXT) {
      sendText(Payloads.largeText(maxBytes));
    } else {
      sendBinary(Payloads.pattern(maxBytes));
    }
  }

  /**
   * Sends one text message, one frame per part; with {@code pingBetween} non-null, a ping with
   * that payload goes between the first and the second frame (RFC 6455 §5.4 allows it).
   */
  default void sendFragments(List<String> parts, byte[] pingBetween) throws Exception {
    for (int i = 0; i < parts.size(); i++) {
      sendFragment(parts.get(i), i == 0, i == parts.size() - 1);
      if (i == 0 && pingBetween != null) {
        ping(pingBetween);
      }
    }
  }

  /** Sends one frame of a text message: its first (opcode text) or a continuation. */
  void sendFragment(String part, boolean first, boolean last) throws Exception;

  void ping(byte[] payload) throws Exception;

  /** Starts the closing handshake. */
  void close(int code, String reason) throws Exception;

  /** Drops the connection at once. */
  void abort() throws Exception;

  /** Releases what is left after a test, whatever state the connection is in. */
  default void dispose() {
    if (!events().isClosed()) {
      try {
        abort();
      } catch (Exception | AssertionError ignored) {
        // already gone
      }
    }
  }
}
