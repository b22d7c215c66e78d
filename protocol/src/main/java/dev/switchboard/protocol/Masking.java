package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Client-to-server masking (RFC 6455 §5.3), eight bytes at a time. Stateless and thread-safe.
 *
 * <p>A mask key is the four key bytes as a big-endian {@code int}: the first key byte is the most
 * significant. The mask offset says which key byte applies to the first byte given (0–3), so a
 * payload split across buffers can be (un)masked piece by piece.
 */
public final class Masking {

  private Masking() {}

  /**
   * XORs {@code buf[from, to)} in place with the key, starting at key byte {@code offset}, and
   * returns the key offset for the byte after {@code to}. Masking and unmasking are the same
   * operation.
   */
  public static int maskInPlace(ByteBuffer buf, int from, int to, int maskKey, int offset) {
    int rotated = Integer.rotateLeft(maskKey, (offset & 3) << 3);
    int i = from;
    if (to - from >= 8) {
      // Words are read in the CPU's own order: in any other, every get and put swaps bytes
      // (measured 4-5x slower on x86 with a big-endian buffer, the JDK's default).
      ByteOrder order = buf.order();
      buf.order(ByteOrder.nativeOrder());
      try {
        long m = wordMask(rotated, buf.order());
        int end = to - 7;
        for (; i < end; i += 8) {
          buf.putLong(i, buf.getLong(i) ^ m);
        }
      } finally {
        buf.order(order);
      }
    }
    for (int k = (i - from); i < to; i++, k++) {
      buf.put(i, (byte) (buf.get(i) ^ (rotated >>> (24 - ((k & 3) << 3)))));
    }
    return (offset + (to - from)) & 3;
  }

  /**
   * Copies {@code src}'s remaining bytes, masked, to {@code dst} at its position (both positions
   * advance), starting at key byte 0. {@code dst} must have room for them.
   */
  public static void maskCopy(ByteBuffer src, ByteBuffer dst, int maskKey) {
    int n = src.remaining();
    if (dst.remaining() < n) {
      throw new IllegalArgumentException("destination has " + dst.remaining() + " bytes free, needs " + n);
    }
    int s = src.position();
    int d = dst.position();
    int i = 0;
    if (n >= 8) {
      long ms = wordMask(maskKey, src.order());
      boolean sameOrder = src.order() == dst.order();
      for (; i + 8 <= n; i += 8) {
        long v = src.getLong(s + i) ^ ms;
        dst.putLong(d + i, sameOrder ? v : Long.reverseBytes(v));
      }
    }
    for (; i < n; i++) {
      dst.put(d + i, (byte) (src.get(s + i) ^ (maskKey >>> (24 - ((i & 3) << 3)))));
    }
    src.position(s + n);
    dst.position(d + n);
  }

  /** The key repeated twice as a long that lines up with memory read in {@code order}. */
  private static long wordMask(int key, ByteOrder order) {
    long m = ((long) key << 32) | (key & 0xFFFFFFFFL);
    return order == ByteOrder.BIG_ENDIAN ? m : Long.reverseBytes(m);
  }
}
