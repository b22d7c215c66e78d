package dev.switchboard.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A streaming UTF-8 validator (RFC 3629) that keeps its state between chunks, so a text message
 * split across frames or reads is validated as one sequence and rejected at the chunk holding the
 * first invalid byte. Not thread-safe: one instance per message stream.
 *
 * <p>Runs of ASCII are skipped eight bytes at a time, read in the CPU's byte order whatever the
 * buffer's; multi-byte sequences are checked whole where the chunk holds them. Overlong encodings, surrogates (U+D800 to
 * U+DFFF) and code points above U+10FFFF are invalid, exactly as the JDK's decoder judges them.
 */
public final class Utf8Validator {

  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final boolean NATIVE_LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
  private static final VarHandle ARRAY_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  // States: how many continuation bytes are still expected, and which range the next one must be in.
  private static final int ACCEPT = 0;
  private static final int NEED1 = 1; // one more byte in 80..BF
  private static final int NEED2 = 2; // two more, next in 80..BF
  private static final int NEED3 = 3; // three more, next in 80..BF
  private static final int AFTER_E0 = 4; // next A0..BF (no overlong 3-byte form), then NEED1
  private static final int AFTER_ED = 5; // next 80..9F (no surrogates), then NEED1
  private static final int AFTER_F0 = 6; // next 90..BF (no overlong 4-byte form), then NEED2
  private static final int AFTER_F4 = 7; // next 80..8F (nothing above U+10FFFF), then NEED2
  private static final int FAILED = 8;

  private int state = ACCEPT;

  /** Forgets everything seen so far, ready for a new sequence. */
  public void reset() {
    state = ACCEPT;
  }

  /** True if everything fed so far ends on a complete code point and was valid. */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  /** True once an invalid byte has been seen; only {@link #reset()} clears it. */
  public boolean hasFailed() {
    return state == FAILED;
  }

  /**
   * Feeds the bytes between {@code buf}'s position and limit, leaving position and limit as they
   * were. Returns false as soon as an invalid byte is found (a truncated final sequence is not an
   * error here: ask {@link #isComplete()} at the end of the message).
   */
  public boolean feed(ByteBuffer buf) {
    return feed(buf, buf.position(), buf.limit());
  }

  /**
   * Feeds {@code buf[from, to)} by absolute index; see {@link #feed(ByteBuffer)}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= buf.limit()}
   */
  public boolean feed(ByteBuffer buf, int from, int to) {
    Objects.checkFromToIndex(from, to, buf.limit());
    int s = state;
    if (s == FAILED) {
      return false;
    }
    if (buf.hasArray()) {
      int off = buf.arrayOffset();
      s = run(buf.array(), from + off, to + off, s);
    } else {
      // Native order while reading words (no allocation, unlike a view); restored on return.
      ByteOrder order = buf.order();
      buf.order(NATIVE);
      try {
        s = run(buf, from, to, s);
      } finally {
        buf.order(order);
      }
    }
    state = s;
    return s != FAILED;
  }

  /** Feeds {@code bytes[from, to)}; see {@link #feed(ByteBuffer)}. */
  public boolean feed(byte[] bytes, int from, int to) {
    Objects.checkFromToIndex(from, to, bytes.length);
    int s = state;
    if (s == FAILED) {
      return false;
    }
    s = run(bytes, from, to, s);
    state = s;
    return s != FAILED;
  }

  /**
   * Runs {@code a[i, to)} from state {@code s} and returns the state after it. ASCII runs are
   * skipped a word at a time; in ACCEPT, a multi-byte sequence that lies wholly in the range is
   * checked at once (failing there is failing in this range, as the contract asks); the state
   * machine takes the rest a byte at a time. {@link #run(ByteBuffer, int, int, int)} is the same
   * over a buffer.
   */
  private static int run(byte[] a, int i, int to, int s) {
    while (i < to) {
      if (s == ACCEPT) {
        int b = a[i];
        if (b >= 0) {
          i = skipAscii(a, i + 1, to);
          continue;
        }
        if (i + 4 <= to) {
          int n = sequence(b & 0xFF, a[i + 1] & 0xFF, a[i + 2] & 0xFF, a[i + 3] & 0xFF);
          if (n == 0) {
            return FAILED;
          }
          i += n;
          continue;
        }
      }
      s = next(s, a[i++] & 0xFF);
      if (s == FAILED) {
        return FAILED;
      }
    }
    return s;
  }

  /** {@link #run(byte[], int, int, int)} over a buffer whose order is native. */
  private static int run(ByteBuffer buf, int i, int to, int s) {
    while (i < to) {
      if (s == ACCEPT) {
        int b = buf.get(i);
        if (b >= 0) {
          i = skipAscii(buf, i + 1, to);
          continue;
        }
        if (i + 4 <= to) {
          int n = sequence(b & 0xFF, buf.get(i + 1) & 0xFF, buf.get(i + 2) & 0xFF, buf.get(i + 3) & 0xFF);
          if (n == 0) {
            return FAILED;
          }
          i += n;
          continue;
        }
      }
      s = next(s, buf.get(i++) & 0xFF);
      if (s == FAILED) {
        return FAILED;
      }
    }
    return s;
  }

  /**
   * The length of the sequence {@code b c1 c2 c3...} (lead byte {@code b} at least 0x80) if its
   * first code point is valid UTF-8, else 0. Bytes past the sequence's length are ignored.
   */
  private static int sequence(int b, int c1, int c2, int c3) {
    if (b < 0xC2) {
      return 0; // continuation byte, or C0/C1 (always overlong)
    }
    if (b < 0xE0) {
      return isCont(c1) ? 2 : 0;
    }
    if (b < 0xF0) {
      int lo = b == 0xE0 ? 0xA0 : 0x80; // no overlong 3-byte form
      int hi = b == 0xED ? 0x9F : 0xBF; // no surrogates
      return c1 >= lo && c1 <= hi && isCont(c2) ? 3 : 0;
    }
    if (b > 0xF4) {
      return 0; // F5..FF never appear in UTF-8
    }
    int lo = b == 0xF0 ? 0x90 : 0x80; // no overlong 4-byte form
    int hi = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    return c1 >= lo && c1 <= hi && isCont(c2) && isCont(c3) ? 4 : 0;
  }

  /**
   * The index of the first byte at or after {@code i} that is not ASCII, or {@code to}. Reads
   * eight bytes at a time in the CPU's own order (the high-bit test does not depend on order),
   * four words per step while no high bit shows up.
   */
  private static int skipAscii(byte[] a, int i, int to) {
    for (int end = to - 31; i < end; i += 32) {
      long any = (long) ARRAY_LONGS.get(a, i) | (long) ARRAY_LONGS.get(a, i + 8)
          | (long) ARRAY_LONGS.get(a, i + 16) | (long) ARRAY_LONGS.get(a, i + 24);
      if ((any & HIGH_BITS) != 0) {
        break;
      }
    }
    for (int end = to - 7; i < end; i += 8) {
      long high = (long) ARRAY_LONGS.get(a, i) & HIGH_BITS;
      if (high != 0) {
        return i + firstHighByte(high);
      }
    }
    while (i < to && a[i] >= 0) {
      i++;
    }
    return i;
  }

  /** {@link #skipAscii(byte[], int, int)} over a buffer whose order is native. */
  private static int skipAscii(ByteBuffer buf, int i, int to) {
    for (int end = to - 31; i < end; i += 32) {
      long any = buf.getLong(i) | buf.getLong(i + 8) | buf.getLong(i + 16) | buf.getLong(i + 24);
      if ((any & HIGH_BITS) != 0) {
        break;
      }
    }
    for (int end = to - 7; i < end; i += 8) {
      long high = buf.getLong(i) & HIGH_BITS;
      if (high != 0) {
        return i + firstHighByte(high);
      }
    }
    while (i < to && buf.get(i) >= 0) {
      i++;
    }
    return i;
  }

  /** Which of a native-order word's bytes, counted in memory order, is the first with its high bit set. */
  private static int firstHighByte(long highBits) {
    return (NATIVE_LITTLE ? Long.numberOfTrailingZeros(highBits) : Long.numberOfLeadingZeros(highBits)) >>> 3;
  }

  /** True if the whole of {@code bytes} is well-formed UTF-8. */
  public static boolean isValid(byte[] bytes) {
    Utf8Validator v = new Utf8Validator();
    return v.feed(bytes, 0, bytes.length) && v.isComplete();
  }

  private static int next(int s, int b) {
    switch (s) {
      case ACCEPT:
        if (b < 0x80) {
          return ACCEPT;
        } else if (b < 0xC2) {
          return FAILED; // continuation byte, or C0/C1 (always overlong)
        } else if (b < 0xE0) {
          return NEED1;
        } else if (b == 0xE0) {
          return AFTER_E0;
        } else if (b == 0xED) {
          return AFTER_ED;
        } else if (b < 0xF0) {
          return NEED2;
        } else if (b == 0xF0) {
          return AFTER_F0;
        } else if (b < 0xF4) {
          return NEED3;
        } else if (b == 0xF4) {
          return AFTER_F4;
        }
        return FAILED; // F5..FF never appear in UTF-8
      case NEED1:
        return isCont(b) ? ACCEPT : FAILED;
      case NEED2:
        return isCont(b) ? NEED1 : FAILED;
      case NEED3:
        return isCont(b) ? NEED2 : FAILED;
      case AFTER_E0:
        return b >= 0xA0 && b <= 0xBF ? NEED1 : FAILED;
      case AFTER_ED:
        return b >= 0x80 && b <= 0x9F ? NEED1 : FAILED;
      case AFTER_F0:
        return b >= 0x90 && b <= 0xBF ? NEED2 : FAILED;
      case AFTER_F4:
        return b >= 0x80 && b <= 0x8F ? NEED2 : FAILED;
      default:
        return FAILED;
    }
  }

  private static boolean isCont(int b) {
    return (b & 0xC0) == 0x80;
  }

  @Override
  public String toString() {
    return "Utf8Validator[state=" + state + "]";
  }
}
