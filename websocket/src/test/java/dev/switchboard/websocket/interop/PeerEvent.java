package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import java.nio.charset.StandardCharsets;

/** What one side of an interop connection observed, in a form every peer can report. */
sealed interface PeerEvent {

  /** The opening handshake completed. */
  record Opened() implements PeerEvent {}

  /**
   * A whole data message. Large messages are compared by length and SHA-256; {@code data} is kept
   * only up to {@link Payloads#KEEP_BYTES} (null above).
   */
  record Message(MessageType type, long length, String sha256, byte[] data) implements PeerEvent {

    static Message of(MessageType type, byte[] data) {
      return new Message(type, data.length, Payloads.sha256(data), data.length <= Payloads.KEEP_BYTES ? data : null);
    }

    String text() {
      if (type != MessageType.TEXT || data == null) {
        throw new AssertionError("not a small text message: " + this);
      }
      return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Message[" + type + ", " + length + " bytes, sha256=" + sha256.substring(0, 12) + "...]";
    }
  }

  record Ping(byte[] payload) implements PeerEvent {
    @Override
    public String toString() {
      return "Ping[" + Payloads.hex(payload) + "]";
    }
  }

  record Pong(byte[] payload) implements PeerEvent {
    @Override
    public String toString() {
      return "Pong[" + Payloads.hex(payload) + "]";
    }
  }

  /**
   * The connection ended. {@code code} is the close code the peer's API reported (1006 where it
   * reports an abnormal end as an error), {@code clean} its wasClean flag where it has one, else null.
   */
  record Closed(int code, String reason, Boolean clean) implements PeerEvent {}

  /** An error the peer's API reported; informative, a {@link Closed} follows. */
  record Failed(String error) implements PeerEvent {}
}
