package dev.switchboard.bench;

import dev.switchboard.protocol.Masker;
import dev.switchboard.protocol.Masking;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The {@link Masker} our websocket module gives its decoders ({@code Frames.MASKER}), step for
 * step, so that the decode benchmarks run our decoder as our server does: a direct writable
 * buffer is unmasked eight bytes at a time through its memory address, anything else by {@link
 * Masking#maskInPlace}. The bench module does not depend on the websocket module, hence this
 * copy; like {@code Frames}, it keeps the loop in a small method of its own (inlined into a large
 * caller, C2 has been seen to stop inlining the memory accessors). Stateless and thread-safe.
 */
final class AddressMasker {

  private static final boolean ADDRESS_MASKING = PlatformDependent.hasUnsafe() && PlatformDependent.isUnaligned();
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  static final Masker MASKER = AddressMasker::maskInPlace;

  private AddressMasker() {}

  static int maskInPlace(ByteBuffer buf, int from, int to, int maskKey, int offset) {
    if (!ADDRESS_MASKING || !buf.isDirect() || buf.isReadOnly()) {
      return Masking.maskInPlace(buf, from, to, maskKey, offset);
    }
    Objects.checkFromToIndex(from, to, buf.limit());
    maskAt(PlatformDependent.directBufferAddress(buf) + from, to - from, Integer.rotateLeft(maskKey, (offset & 3) << 3));
    return (offset + (to - from)) & 3;
  }

  private static void maskAt(long address, int len, int key) {
    long word = Masking.maskWord(key, 0, NATIVE);
    long a = address;
    long end = address + len;
    for (long end8 = end - 7; a < end8; a += 8) {
      PlatformDependent.putLong(a, PlatformDependent.getLong(a) ^ word);
    }
    if (a + 4 <= end) {
      PlatformDependent.putInt(a, PlatformDependent.getInt(a) ^ (int) word);
      a += 4;
    }
    for (int k = 0; a < end; a++, k++) {
      PlatformDependent.putByte(a, (byte) (PlatformDependent.getByte(a) ^ (key >>> (24 - (k << 3)))));
    }
  }
}
