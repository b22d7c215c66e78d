package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's masking of payloads in Netty buffers (through {@code Masking.maskWord}), against RFC 6455 §5.3 byte by byte. */
@ExtendWith(FailOnLeaks.class)
class FramesMaskingTest {

  private static final ByteBufAllocator[] ALLOCATORS = {
      ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT,
      new UnpooledByteBufAllocator(false)};

  @ParameterizedTest(name = "allocator {0} (default, pooled, unpooled direct, unpooled heap)")
  @ValueSource(ints = {0, 1, 2, 3})
  @DisplayName("RFC 6455 §5.3: maskPayload masks [start, start + len) with the key before it, for lengths 0-70 at any start, touching nothing else")
  void maskPayloadEqualsReference(int allocator) {
    Random random = new Random(allocator);
    for (int len = 0; len <= 70; len++) {
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
}
