package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The messages the interop scenarios exchange. */
final class Payloads {

  /** Messages up to this size are kept whole in events; larger ones only by length and digest. */
  static final int KEEP_BYTES = 64 * 1024;

  /** 16 MiB: exactly our default {@code maxMessageBytes}, so it must pass. */
  static final int LARGE_BYTES = 16 << 20;

  /** Two-, three- and four-byte UTF-8 sequences around ASCII. */
  static final String TEXT = "héllo wörld ☃ 😀 — Switchboard";

  /** Every byte value, so nothing is lost to a text or sign conversion. */
  static final byte[] BINARY = allBytes();

  /** Whole characters per fragment, as {@code Session.sendFragment} requires. */
  static final List<String> FRAGMENTS = List.of("Hél", "lo, wö", "rld 😀");

  static final byte[] PING = "ping ☃ \u0000\u00ff".getBytes(StandardCharsets.UTF_8);

  private Payloads() {}

  /**
   * The large payload: {@code (i * 31 + (i >>> 11)) & 0xff}, the same formula as {@code
   * pattern()} in {@code src/test/node/peer.mjs}, so that a peer can make it without it crossing
   * a pipe.
   */
  static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + (i >>> 11));
    }
    return b;
  }

  /**
   * {@link #TEXT} repeated to at most {@code maxBytes} of UTF-8, so that multi-byte characters
   * fall across every chunk boundary a peer or the network makes.
   */
  static String largeText(int maxBytes) {
    return TEXT.repeat(maxBytes / TEXT.getBytes(StandardCharsets.UTF_8).length);
  }

  /** The bytes {@link Side#sendLarge} sends. */
  static byte[] large(MessageType type, int maxBytes) {
    return type == MessageType.TEXT ? largeText(maxBytes).getBytes(StandardCharsets.UTF_8) : pattern(maxBytes);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] data) {
    return HexFormat.of().formatHex(data);
  }

  private static byte[] allBytes() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (255 - i);
    }
    return b;
  }
}
