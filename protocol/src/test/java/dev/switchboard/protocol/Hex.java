package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** Hex fixtures: {@code bytes("81 05 48 65")} and short descriptions of payloads for event lists. */
final class Hex {

  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  /** The bytes of a hex string; spaces, newlines and underscores are ignored. */
  static byte[] bytes(String hex) {
    return HEX.parseHex(hex.replaceAll("[\\s_]", ""));
  }

  /** Concatenates arrays. */
  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The remaining bytes of {@code buf} as hex, leaving it untouched. */
  static String hex(ByteBuffer buf) {
    return hex(copy(buf));
  }

  /** A copy of the remaining bytes, leaving {@code buf} untouched. */
  static byte[] copy(ByteBuffer buf) {
    byte[] b = new byte[buf.remaining()];
    buf.duplicate().get(b);
    return b;
  }

  /**
   * Hex for payloads up to 64 bytes; longer ones as length, first bytes and CRC-32, so that event
   * lists of big messages stay readable when an assertion fails.
   */
  static String describe(byte[] bytes) {
    if (bytes.length <= 64) {
      return hex(bytes);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return bytes.length + " bytes " + HEX.formatHex(bytes, 0, 16) + "... crc32=" + Long.toHexString(crc.getValue());
  }
}
