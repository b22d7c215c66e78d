package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's masking of payloads in Netty buffers (through the memory address of direct
 * buffers, {@code Masking.maskWord} otherwise), against RFC 6455 §5.3 byte by byte, and without
 * allocating.
 */
@ExtendWith(FailOnLeaks.class)
class FramesMaskingTest {

  private static final ByteBufAllocator[] ALLOCATORS = {
      ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT,
      new UnpooledByteBufAllocator(false)};

  private static final int[] LENGTHS = IntStream.concat(IntStream.rangeClosed(0, 70),
      IntStream.of(125, 126, 1023, 1024, 1025, 4099, 65_536, 65_541)).toArray();

  @ParameterizedTest(name = "allocator {0} (default, pooled, unpooled direct, unpooled heap)")
  @ValueSource(ints = {0, 1, 2, 3})
  @DisplayName("RFC 6455 §5.3: maskPayload masks [start, start + len) with the key before it, for lengths 0-70 and up to 64 KiB at any start, touching nothing else")
  void maskPayloadEqualsReference(int allocator) {
    Random random = new Random(allocator);
    for (int len : LENGTHS) {
      for (int pad = 0; pad < 8; pad++) {
        byte[] payload = new byte[len];
        random.nextBytes(payload);
        int key = random.nextInt();
        boolean heap = allocator == 3;
        ByteBuf frame = heap ? ALLOCATORS[allocator].heapBuffer() : ALLOCATORS[allocator].buffer();
        try {
          frame.writeZero(pad).writeInt(key).writeBytes(payload).writeInt(0x5A5A5A5A);
          Frames.maskPayload(frame, pad + 4, len);
          byte[] expected = payload.clone();
          for (int i = 0; i < len; i++) {
            expected[i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
          }
          byte[] actual = new byte[len];
          frame.getBytes(pad + 4, actual);
          assertThat(actual).as("length %d at %d", len, pad + 4).isEqualTo(expected);
          assertThat(frame.getInt(pad)).isEqualTo(key);
          assertThat(frame.getInt(pad + 4 + len)).as("the byte after is untouched").isEqualTo(0x5A5A5A5A);
          assertThat(frame.readerIndex()).isZero();
          assertThat(frame.writerIndex()).isEqualTo(pad + 8 + len);
        } finally {
          frame.release();
        }
      }
    }
  }

  /**
   * Masking and copying a payload allocate nothing (no NIO view of the frame). The buffers are
   * wrapped, so that the leak detector's paranoid level, on in this test class, does not track
   * them: its records are allocations of their own.
   */
  @Test
  void maskingAndCopyingAllocateNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ByteBuf frame = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(4 + 2048));
    ByteBuffer heap = ByteBuffer.allocate(2048);
    ByteBuffer direct = ByteBuffer.allocateDirect(2048);
    try {
      frame.setInt(0, 0x37FA213D);
      long runs = 20_000;
      for (int warm = 0; warm < 2; warm++) { // the first round loads and compiles
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
          Frames.copyPayload(frame, 4, (i & 1) == 0 ? heap : direct);
          Frames.maskPayload(frame, 4, 2048 - (i & 7));
          Frames.copyPayload(frame, 4, heap.limit(100 + (i & 7)));
          heap.limit(2048);
        }
        long perRun = (threads.getCurrentThreadAllocatedBytes() - before) / runs;
        if (warm == 1) {
          assertThat(perRun).as("bytes allocated per copy and mask").isZero();
        }
      }
    } finally {
      frame.release();
    }
  }

  /**
   * The decoders' masker gives {@code Masking.maskInPlace}'s bytes and returned key offset on
   * direct (through the address), heap and little-endian buffers, for any range and key offset,
   * touching nothing outside the range; and its checks.
   */
  @Test
  void theDecodersMaskerIsMaskingMaskInPlace() {
    Random random = new Random(6455);
    for (int kind = 0; kind < 3; kind++) {
      for (int len : new int[] {0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 125, 1024, 65_539}) {
        for (int offset = 0; offset < 4; offset++) {
          int from = random.nextInt(9);
          byte[] content = new byte[from + len + 9];
          random.nextBytes(content);
          int key = random.nextInt();
          ByteBuffer ours = kind == 0 ? ByteBuffer.allocateDirect(content.length) : ByteBuffer.allocate(content.length);
          ByteBuffer reference = ByteBuffer.allocate(content.length);
          if (kind == 2) {
            ours.order(java.nio.ByteOrder.LITTLE_ENDIAN);
          }
          ours.put(content).clear();
          reference.put(content).clear();
          int next = Frames.MASKER.maskInPlace(ours, from, from + len, key, offset);
          int expectedNext = dev.switchboard.protocol.Masking.maskInPlace(reference, from, from + len, key, offset);
          assertThat(next).isEqualTo(expectedNext);
          assertThat(ours.clear()).as("kind %d, %d bytes from %d, key offset %d", kind, len, from, offset).isEqualTo(reference.clear());
        }
      }
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(16);
    assertThatThrownBy(() -> Frames.MASKER.maskInPlace(direct.limit(8), 4, 9, 1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Frames.MASKER.maskInPlace(direct, 5, 4, 1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Frames.MASKER.maskInPlace(direct.clear().asReadOnlyBuffer(), 0, 4, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
  }
}
