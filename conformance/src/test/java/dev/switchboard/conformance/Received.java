package dev.switchboard.conformance;

import dev.switchboard.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One whole message or control frame that the client sent to the peer before its close frame,
 * compared by content. Immutable; the payload array is never exposed.
 */
record Received(Kind kind, byte[] payload) {

  enum Kind {
    TEXT,
    BINARY,
    PING,
    PONG
  }

  Received {
    payload = payload.clone();
  }

  static Received text(String text) {
    return new Received(Kind.TEXT, Wire.utf8(text));
  }

  static Received text(byte[] utf8) {
    return new Received(Kind.TEXT, utf8);
  }

  static Received binary(byte[] data) {
    return new Received(Kind.BINARY, data);
  }

  static Received pong(byte[] payload) {
    return new Received(Kind.PONG, payload);
  }

  static Received pong(String payload) {
    return pong(Wire.utf8(payload));
  }

  /** A whole message of {@code type} (text or binary): what an echo endpoint sends back. */
  static Received message(Opcode type, byte[] payload) {
    return new Received(type == Opcode.TEXT ? Kind.TEXT : Kind.BINARY, payload);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Received r && r.kind == kind && Arrays.equals(r.payload, payload);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(payload);
  }

  /** Short enough for an assertion message even for a 4 MiB payload. */
  @Override
  public String toString() {
    String size = payload.length + " B";
    if (payload.length > 48) {
      return kind + "(" + size + ", sha-256 " + sha256Prefix() + ")";
    }
    String shown = kind == Kind.TEXT
        ? "\"" + new String(payload, StandardCharsets.UTF_8) + "\""
        : HexFormat.of().formatHex(payload);
    return kind + "(" + size + (payload.length == 0 ? "" : ": " + shown) + ")";
  }

  private String sha256Prefix() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
