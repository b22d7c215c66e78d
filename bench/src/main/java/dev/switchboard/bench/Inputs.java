package dev.switchboard.bench;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The inputs every benchmark shares, built once per trial so that both sides of a comparison read
 * the same bytes. Stateless and thread-safe.
 */
final class Inputs {

  /** The mask key of every masked frame, on both sides: a fixed key keeps outputs byte-comparable. */
  static final int MASK_KEY = 0x37FA213D;

  private static final String ASCII_SAMPLE =
      "{\"type\":\"message\",\"group\":\"chat\",\"data\":\"The quick brown fox jumps over the lazy dog.\"} ";

  // Greek, CJK, emoji (4-byte sequences) and some ASCII between them.
  private static final String MIXED_SAMPLE = "Καλημέρα κόσμε, 你好，世界！ 🌍🚀✨ hello 日本語のテキスト ελληνικά 🎉 ";

  private Inputs() {}

  /** {@code size} bytes of valid UTF-8 text of the given kind; never cuts a code point. */
  static byte[] text(TextKind kind, int size) {
    byte[] sample = (kind == TextKind.ASCII ? ASCII_SAMPLE : MIXED_SAMPLE).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[size];
    int i = 0;
    while (i < size) {
      int n = Math.min(sample.length, size - i);
      // Back off to a code point boundary, then pad the tail with spaces.
      while (n > 0 && n < sample.length && (sample[n] & 0xC0) == 0x80) {
        n--;
      }
      if (n == 0) {
        while (i < size) {
          out[i++] = ' ';
        }
        break;
      }
      System.arraycopy(sample, 0, out, i, n);
      i += n;
    }
    return out;
  }

  /** {@code size} reproducible pseudo-random bytes. */
  static byte[] binary(int size) {
    byte[] out = new byte[size];
    SplittableRandom random = new SplittableRandom(6455);
    for (int i = 0; i < size; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }

  /** The payload of a data frame of this type: ASCII text for TEXT, random bytes otherwise. */
  static byte[] payload(Opcode type, int size) {
    return type == Opcode.TEXT ? text(TextKind.ASCII, size) : binary(size);
  }

  /** A whole final frame as a client sends it (masked with {@link #MASK_KEY}), in a new array. */
  static byte[] clientFrame(Opcode type, byte[] payload) {
    ByteBuffer frame = FrameEncoder.encode(true, false, type, ByteBuffer.wrap(payload), true, MASK_KEY);
    byte[] out = new byte[frame.remaining()];
    frame.get(out);
    return out;
  }

  /** A direct buffer holding {@code bytes}, position 0 and limit at their end: what a socket read gives. */
  static ByteBuffer direct(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(Math.max(bytes.length, 1));
    b.put(bytes).flip();
    return b;
  }
}
