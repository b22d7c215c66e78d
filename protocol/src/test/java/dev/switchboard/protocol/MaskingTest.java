package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6455 §5.3 masking, against a naive byte-by-byte reference. */
class MaskingTest {

  static final int KEY = 0x37fa213d;

  /** RFC 6455 §5.3: octet i is XORed with key octet (i + offset) mod 4; key octet 0 is the top byte. */
  static byte[] reference(byte[] data, int key, int offset) {
    byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
    byte[] out = data.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] ^= k[(i + offset) % 4];
    }
    return out;
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Stream<Arguments> bufferKinds() {
    return Stream.of(
        Arguments.of(false, ByteOrder.BIG_ENDIAN),
        Arguments.of(false, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(true, ByteOrder.BIG_ENDIAN),
        Arguments.of(true, ByteOrder.LITTLE_ENDIAN));
  }

  static ByteBuffer buffer(byte[] content, int at, boolean direct, ByteOrder order) {
    ByteBuffer b = direct ? ByteBuffer.allocateDirect(content.length + at + 5) : ByteBuffer.allocate(content.length + at + 5);
    b.order(order);
    b.put(at, content);
    return b;
  }

  static byte[] read(ByteBuffer b, int at, int n) {
    byte[] out = new byte[n];
    b.get(at, out);
    return out;
  }

  @Test
  @DisplayName("RFC 6455 §5.7: masking \"Hello\" with 37 fa 21 3d gives 7f 9f 4d 51 58")
  void rfcExample() {
    ByteBuffer b = ByteBuffer.wrap(Hex.bytes("48 65 6c 6c 6f"));
    int next = Masking.maskInPlace(b, 0, 5, KEY, 0);
    assertThat(Hex.hex(b)).isEqualTo("7f9f4d5158");
    assertThat(next).isEqualTo(1);
  }

  @ParameterizedTest(name = "direct={0}, {1}")
  @MethodSource("bufferKinds")
  @DisplayName("RFC 6455 §5.3: maskInPlace at every key offset 0-3 and length 0-40 equals the byte-by-byte reference")
  void maskInPlaceEqualsReference(boolean direct, ByteOrder order) {
    for (int offset = 0; offset < 4; offset++) {
      for (int len = 0; len <= 40; len++) {
        for (int at : new int[] {0, 3}) {
          byte[] data = random(len, len * 31L + offset);
          ByteBuffer b = buffer(data, at, direct, order);
          byte[] before = read(b, 0, b.capacity());
          int next = Masking.maskInPlace(b, at, at + len, KEY, offset);
          assertThat(read(b, at, len)).as("offset %d, length %d, at %d", offset, len, at)
              .isEqualTo(reference(data, KEY, offset));
          assertThat(next).isEqualTo((offset + len) % 4);
          // Nothing outside [at, at + len) changes, and position and limit stay put.
          assertThat(read(b, 0, at)).isEqualTo(java.util.Arrays.copyOfRange(before, 0, at));
          assertThat(read(b, at + len, b.capacity() - at - len))
              .isEqualTo(java.util.Arrays.copyOfRange(before, at + len, b.capacity()));
          assertThat(b.position()).isZero();
          assertThat(b.limit()).isEqualTo(b.capacity());
        }
      }
    }
  }

  @ParameterizedTest(name = "direct={0}, {1}")
  @MethodSource("bufferKinds")
  @DisplayName("RFC 6455 §5.3: masking in two pieces, continuing at the returned offset, equals masking whole")
  void maskingInPiecesEqualsMaskingWhole(boolean direct, ByteOrder order) {
    for (int len : new int[] {0, 1, 7, 8, 9, 17, 40, 67}) {
      byte[] data = random(len, len);
      for (int startOffset = 0; startOffset < 4; startOffset++) {
        byte[] expected = reference(data, KEY, startOffset);
        for (int cut = 0; cut <= len; cut++) {
          ByteBuffer b = buffer(data, 1, direct, order);
          int mid = Masking.maskInPlace(b, 1, 1 + cut, KEY, startOffset);
          int end = Masking.maskInPlace(b, 1 + cut, 1 + len, KEY, mid);
          assertThat(read(b, 1, len)).as("length %d cut at %d from offset %d", len, cut, startOffset).isEqualTo(expected);
          assertThat(end).isEqualTo((startOffset + len) % 4);
        }
      }
    }
  }

  @Test
  @DisplayName("RFC 6455 §5.3: masking twice with the same key and offset restores the data")
  void maskingIsAnInvolution() {
    byte[] data = random(100, 7);
    ByteBuffer b = ByteBuffer.wrap(data.clone());
    Masking.maskInPlace(b, 0, 100, 0xdeadbeef, 2);
    assertThat(b.array()).isNotEqualTo(data);
    Masking.maskInPlace(b, 0, 100, 0xdeadbeef, 2);
    assertThat(b.array()).isEqualTo(data);
  }

  static Stream<Arguments> bufferPairs() {
    return bufferKinds().flatMap(src -> bufferKinds().map(dst -> Arguments.of(src.get()[0], src.get()[1], dst.get()[0], dst.get()[1])));
  }

  @ParameterizedTest(name = "src direct={0} {1}, dst direct={2} {3}")
  @MethodSource("bufferPairs")
  @DisplayName("RFC 6455 §5.3: maskCopy equals the reference for heap/direct, big/little-endian buffers")
  void maskCopyEqualsReference(boolean srcDirect, ByteOrder srcOrder, boolean dstDirect, ByteOrder dstOrder) {
    for (int len = 0; len <= 40; len++) {
      byte[] data = random(len, 1000 + len);
      ByteBuffer src = buffer(data, 2, srcDirect, srcOrder);
      src.position(2).limit(2 + len);
      ByteBuffer dst = buffer(new byte[len + 3], 0, dstDirect, dstOrder);
      dst.position(3);
      Masking.maskCopy(src, dst, KEY);
      assertThat(read(dst, 3, len)).as("length %d", len).isEqualTo(reference(data, KEY, 0));
      assertThat(read(dst, 0, 3)).containsOnly(0);
      assertThat(src.position()).isEqualTo(2 + len);
      assertThat(dst.position()).isEqualTo(3 + len);
      assertThat(read(src, 2, len)).as("the source is not changed").isEqualTo(data);
    }
  }

  @Test
  @DisplayName("maskCopy refuses a destination without room, changing nothing")
  void maskCopyNeedsRoom() {
    ByteBuffer src = ByteBuffer.wrap(new byte[10]);
    ByteBuffer dst = ByteBuffer.allocate(9);
    assertThatThrownBy(() -> Masking.maskCopy(src, dst, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
    assertThat(src.position()).isZero();
    assertThat(dst.position()).isZero();
  }
}
