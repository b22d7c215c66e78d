package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A window below 15 bits is honoured by emitting no back-references at all (RFC 7692 §7.1.2). */
class MessageDeflaterTest {

  private static final int N = 64 * 1024;

  private static int compressedSize(MessageDeflater deflater, byte[] message) {
    ByteBuffer out = ByteBuffer.allocate(MessageDeflater.maxCompressedLength(message.length));
    return deflater.compress(ByteBuffer.wrap(message), out);
  }

  @ParameterizedTest(name = "window {0} bits")
  @ValueSource(ints = {8, 9, 12, 14})
  void aSmallWindowUsesNoBackReferencesYetInflatesBack(int bits) {
    byte[] repetitive = new byte[N];
    Arrays.fill(repetitive, (byte) 'a');
    try (MessageDeflater small = new MessageDeflater(6, false, bits);
        MessageDeflater full = new MessageDeflater(6, false, 15)) {
      // LZ77 turns 64 KiB of one byte into a few hundred bytes; Huffman coding alone needs at
      // least one bit per byte, so anything under N/8 would mean matches were used.
      assertThat(compressedSize(full, repetitive)).isLessThan(N / 100);
      ByteBuffer out = ByteBuffer.allocate(MessageDeflater.maxCompressedLength(N));
      int n = small.compress(ByteBuffer.wrap(repetitive), out);
      assertThat(n).isGreaterThanOrEqualTo(N / 8);
      ByteBuffer inflated = ByteBuffer.allocate(N + 1);
      try (MessageInflater inflater = new MessageInflater(16 * 1024, false)) {
        out.flip();
        assertThat(inflater.inflate(out, true, N, b -> inflated.put(b))).isEqualTo(MessageInflater.Result.OK);
      }
      assertThat(Arrays.copyOf(inflated.array(), inflated.position())).isEqualTo(repetitive);
    }
  }

  @ParameterizedTest(name = "window {0} bits")
  @ValueSource(ints = {7, 16, 0})
  void windowBitsOutsideEightToFifteenAreRejected(int bits) {
    assertThatThrownBy(() -> new MessageDeflater(6, false, bits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8-15");
  }
}
