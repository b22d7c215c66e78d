package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 6455 §5.3 masking on every kind of buffer (heap, direct, either order, sliced, any position
 * and alignment), against {@link MaskingTest#reference} (byte by byte).
 */
class MaskingPropertyTest {

  @Provide
  Arbitrary<ByteOrder> orders() {
    return Arbitraries.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * {@code data} at index {@code at} of a buffer with {@code slack} bytes after it: direct or heap,
   * in {@code order}, and when {@code sliceAt > 0} a slice starting {@code sliceAt} bytes into a
   * larger buffer (so the memory under index 0 is unaligned).
   */
  static ByteBuffer place(byte[] data, int at, int slack, boolean direct, ByteOrder order, int sliceAt) {
    int cap = sliceAt + at + data.length + slack;
    ByteBuffer whole = direct ? ByteBuffer.allocateDirect(cap) : ByteBuffer.allocate(cap);
    for (int i = 0; i < cap; i++) {
      whole.put(i, (byte) (0xA5 ^ i));
    }
    ByteBuffer b = sliceAt > 0 ? whole.position(sliceAt).slice() : whole;
    b.order(order);
    b.put(at, data);
    return b;
  }

  static byte[] read(ByteBuffer b, int at, int n) {
    byte[] out = new byte[n];
    b.get(at, out);
    return out;
  }

  @Property(tries = 1000)
  @Label("RFC 6455 §5.3: maskInPlace in pieces at arbitrary cuts equals the byte-by-byte reference, on any buffer")
  void maskInPlaceEqualsReference(
      @ForAll @Size(max = 300) byte[] data,
      @ForAll int key,
      @ForAll @IntRange(min = 0, max = 3) int offset,
      @ForAll @IntRange(min = 0, max = 9) int at,
      @ForAll @IntRange(min = 0, max = 9) int slack,
      @ForAll boolean direct,
      @ForAll("orders") ByteOrder order,
      @ForAll @IntRange(min = 0, max = 7) int sliceAt,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 300) Integer> cutSeeds) {
    ByteBuffer b = place(data, at, slack, direct, order, sliceAt);
    byte[] before = read(b, 0, b.capacity());
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int c : cutSeeds) {
      cuts.add(c % (data.length + 1));
    }
    cuts.add(data.length);
    int from = 0;
    int phase = offset;
    for (int to : cuts) {
      phase = Masking.maskInPlace(b, at + from, at + to, key, phase);
      from = to;
    }
    assertThat(read(b, at, data.length)).isEqualTo(MaskingTest.reference(data, key, offset));
    assertThat(phase).isEqualTo((offset + data.length) & 3);
    assertThat(read(b, 0, at)).as("bytes before").isEqualTo(Arrays.copyOfRange(before, 0, at));
    assertThat(read(b, at + data.length, slack)).as("bytes after")
        .isEqualTo(Arrays.copyOfRange(before, at + data.length, b.capacity()));
    assertThat(b.position()).isZero();
    assertThat(b.limit()).isEqualTo(b.capacity());
    assertThat(b.order()).isEqualTo(order);
  }

  @Property(tries = 500)
  @Label("RFC 6455 §5.3: maskCopy equals the reference between any two kinds of buffer, leaving the source as it was")
  void maskCopyEqualsReference(
      @ForAll @Size(max = 300) byte[] data,
      @ForAll int key,
      @ForAll @IntRange(min = 0, max = 9) int srcAt,
      @ForAll @IntRange(min = 0, max = 9) int dstAt,
      @ForAll boolean srcDirect,
      @ForAll boolean dstDirect,
      @ForAll("orders") ByteOrder srcOrder,
      @ForAll("orders") ByteOrder dstOrder,
      @ForAll boolean srcReadOnly,
      @ForAll @IntRange(min = 0, max = 7) int sliceAt) {
    ByteBuffer src = place(data, srcAt, 3, srcDirect, srcOrder, sliceAt);
    if (srcReadOnly) {
      src = src.asReadOnlyBuffer().order(srcOrder);
    }
    src.position(srcAt).limit(srcAt + data.length);
    ByteBuffer dst = place(new byte[data.length], dstAt, 2, dstDirect, dstOrder, 7 - sliceAt);
    byte[] dstBefore = read(dst, 0, dst.capacity());
    dst.position(dstAt);
    Masking.maskCopy(src, dst, key);
    assertThat(read(dst, dstAt, data.length)).isEqualTo(MaskingTest.reference(data, key, 0));
    assertThat(read(dst, 0, dstAt)).isEqualTo(Arrays.copyOfRange(dstBefore, 0, dstAt));
    assertThat(read(dst, dstAt + data.length, 2)).isEqualTo(Arrays.copyOfRange(dstBefore, dstAt + data.length, dst.capacity()));
    assertThat(src.position()).isEqualTo(srcAt + data.length);
    assertThat(dst.position()).isEqualTo(dstAt + data.length);
    assertThat(read(src, srcAt, data.length)).as("the source is not changed").isEqualTo(data);
  }

  @Property(tries = 500)
  @Label("RFC 6455 §5.3: maskWord drives a word-at-a-time loop in either byte order, equal to the reference")
  void maskWordEqualsReference(
      @ForAll @Size(max = 100) byte[] data,
      @ForAll int key,
      @ForAll @IntRange(min = 0, max = 3) int offset,
      @ForAll("orders") ByteOrder order) {
    // What a transport does over its own buffer type: long steps, then the rest byte by byte.
    ByteBuffer b = ByteBuffer.wrap(data.clone()).order(order);
    long word = Masking.maskWord(key, offset, order);
    int i = 0;
    for (; i + 8 <= data.length; i += 8) {
      b.putLong(i, b.getLong(i) ^ word);
    }
    for (int k = 0; i < data.length; i++, k++) {
      int shift = order == ByteOrder.LITTLE_ENDIAN ? k << 3 : 56 - (k << 3);
      b.put(i, (byte) (b.get(i) ^ (word >>> shift)));
    }
    assertThat(b.array()).isEqualTo(MaskingTest.reference(data, key, offset));
  }

  @Property(tries = 50)
  @Label("maskInPlace refuses a read-only buffer with IllegalArgumentException, changing nothing")
  void readOnlyIsRejected(@ForAll @Size(max = 40) byte[] data, @ForAll boolean direct) {
    ByteBuffer b = place(data, 0, 0, direct, ByteOrder.BIG_ENDIAN, 0);
    ByteBuffer ro = b.asReadOnlyBuffer();
    assertThatThrownBy(() -> Masking.maskInPlace(ro, 0, data.length, 0x01020304, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
    assertThat(read(b, 0, data.length)).isEqualTo(data);
    ByteBuffer src = ByteBuffer.wrap(data);
    assertThatThrownBy(() -> Masking.maskCopy(src, ro, 0x01020304)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 50)
  @Label("maskInPlace refuses a range outside [0, limit) with IndexOutOfBoundsException, changing nothing")
  void rangeOutsideLimitIsRejected(@ForAll @IntRange(min = 1, max = 40) int len, @ForAll boolean direct) {
    byte[] data = new byte[len];
    Arrays.fill(data, (byte) 7);
    ByteBuffer b = place(data, 0, 4, direct, ByteOrder.BIG_ENDIAN, 0);
    b.limit(len);
    assertThatThrownBy(() -> Masking.maskInPlace(b, 0, len + 1, 0x01020304, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Masking.maskInPlace(b, -1, len, 0x01020304, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Masking.maskInPlace(b, 2, 1, 0x01020304, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(read(b, 0, len)).isEqualTo(data);
  }
}
