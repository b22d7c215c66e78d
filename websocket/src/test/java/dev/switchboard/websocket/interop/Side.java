package dev.switchboard.websocket.interop;

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
    ABORT
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

  /** Sends {@link Payloads#pattern(int)} of {@code length} as one binary message. */
  default void sendLarge(int length) throws Exception {
    sendBinary(Payloads.pattern(length));
  }

  /** Sends one text message, one frame per part. */
  void sendFragments(List<String> parts) throws Exception;

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
