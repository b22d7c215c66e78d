package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The websocket module's own frame writing ({@link Frames}) against the codec's: headers with
 * wide stores must be byte for byte what {@link FrameEncoder#writeHeader} writes, and the small
 * payload copy must copy exactly, whatever the source's order, kind (heap, direct, read-only)
 * and position.
 */
class FramesTest {

  private static final long[] LENGTHS = {0, 1, 7, 125, 126, 127, 1000, 65_535, 65_536, 70_000, 1L << 32, Long.MAX_VALUE};

  @Test
  void headersAreTheCodecsByteForByte() {
    ByteBuf ours = Unpooled.directBuffer(32);
    ByteBuffer codec = ByteBuffer.allocate(32);
    int checked = 0;
    try {
      for (Opcode op : Opcode.values()) {
        for (long len : LENGTHS) {
          for (int flags = 0; flags < 8; flags++) {
            boolean fin = (flags & 1) != 0;
            boolean rsv1 = (flags & 2) != 0;
            boolean mask = (flags & 4) != 0;
            if (op.isControl() && (!fin || len > 125 || rsv1)) {
              continue; // not a frame a caller may send
            }
            ours.setZero(0, 32);
            int n = Frames.setHeader(ours, 3, fin, rsv1, op, len, mask);
            int key = mask ? ours.getInt(3 + n - 4) : 0;
            int expected = FrameEncoder.writeHeader(codec, 0, fin, rsv1, op, len, mask, key);
            byte[] written = new byte[n];
            ours.getBytes(3, written);
            assertThat(n).as("%s len %d flags %d", op, len, flags).isEqualTo(expected);
            assertThat(written).as("%s len %d flags %d", op, len, flags).isEqualTo(Arrays.copyOf(codec.array(), expected));
            checked++;
          }
        }
      }
    } finally {
      ours.release();
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void masksAreFreshPerHeader() {
    ByteBuf a = Unpooled.buffer(16);
    try {
      Frames.setHeader(a, 0, true, false, Opcode.TEXT, 3, true);
      int first = a.getInt(2);
      Frames.setHeader(a, 0, true, false, Opcode.TEXT, 3, true);
      Frames.setHeader(a, 8, true, false, Opcode.TEXT, 3, true);
      assertThat(first != a.getInt(2) || a.getInt(2) != a.getInt(10)).as("three equal random keys").isTrue();
    } finally {
      a.release();
    }
  }

  @Test
  void payloadCopiesAreExactForAnyOrderKindPositionAndSize() {
    for (ByteBuf dst : new ByteBuf[] {ByteBufAllocator.DEFAULT.directBuffer(4200), Unpooled.buffer(4200)}) {
      try {
        copiesInto(dst);
      } finally {
        dst.release();
      }
    }
  }

  /** Into a direct destination, a large direct source goes between memory addresses; heap sources through their array. */
  private static void copiesInto(ByteBuf dst) {
    {
      for (int size : new int[] {0, 1, 7, 8, 9, 31, 32, 33, 125, 256, 257, 500, 4099}) {
        byte[] bytes = new byte[size + 5];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) (i * 37 + size);
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
          for (int kind = 0; kind < 3; kind++) {
            boolean direct = kind == 1;
            ByteBuffer src = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
            src.put(bytes).flip().position(3).limit(3 + size);
            src.order(order);
            if (kind == 2) {
              src = src.asReadOnlyBuffer().order(order);
            }
            dst.setZero(0, dst.capacity());
            Frames.copyPayload(dst, 5, src);
            assertThat(src.position()).as("not consumed").isEqualTo(3);
            assertThat(ByteBufUtil.getBytes(dst, 5, size)).as("%d bytes, %s, kind %d into %s", size, order, kind, dst)
                .isEqualTo(Arrays.copyOfRange(bytes, 3, 3 + size));
            assertThat(dst.getByte(4)).as("nothing before").isZero();
            assertThat(dst.getByte(5 + size)).as("nothing after").isZero();
          }
        }
      }
    }
  }
}
