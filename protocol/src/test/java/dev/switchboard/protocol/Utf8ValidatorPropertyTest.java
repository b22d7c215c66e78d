package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The streaming validator against the JDK's decoder (CodingErrorAction.REPORT), as the oracle. */
class Utf8ValidatorPropertyTest {

  private static final ThreadLocal<CharsetDecoder> JDK = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT));

  static boolean jdkValid(byte[] b) {
    try {
      JDK.get().reset().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Continuation bytes at the edges of every range a UTF-8 state may require next. */
  private static final int[] EDGES = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF};

  /** Whether some completion of at most 3 continuation bytes makes {@code prefix} valid for the JDK. */
  static boolean extendable(byte[] prefix) {
    List<byte[]> completions = new ArrayList<>();
    completions.add(new byte[0]);
    for (int len = 1; len <= 3; len++) {
      int combos = (int) Math.pow(EDGES.length, len);
      for (int c = 0; c < combos; c++) {
        byte[] tail = new byte[len];
        for (int i = 0, x = c; i < len; i++, x /= EDGES.length) {
          tail[i] = (byte) EDGES[x % EDGES.length];
        }
        completions.add(tail);
      }
    }
    for (byte[] tail : completions) {
      if (jdkValid(Hex.concat(prefix, tail))) {
        return true;
      }
    }
    return false;
  }

  /** The index of the first byte the validator rejects when fed one byte at a time, or -1. */
  static int firstRejected(byte[] b) {
    Utf8Validator v = new Utf8Validator();
    for (int i = 0; i < b.length; i++) {
      if (!v.feed(b, i, i + 1)) {
        return i;
      }
    }
    return -1;
  }

  @Property(tries = 1000)
  @Label("agrees with the JDK decoder on arbitrary bytes")
  void agreesWithJdkOnArbitraryBytes(@ForAll @Size(max = 40) byte[] bytes) {
    assertThat(Utf8Validator.isValid(bytes)).isEqualTo(jdkValid(bytes));
  }

  @Property(tries = 1000)
  @Label("agrees with the JDK decoder on near-valid UTF-8: overlongs, surrogates, >U+10FFFF, truncations")
  void agreesWithJdkOnNearValidBytes(@ForAll("nearUtf8") byte[] bytes) {
    assertThat(Utf8Validator.isValid(bytes)).as(Hex.hex(bytes)).isEqualTo(jdkValid(bytes));
  }

  @Property(tries = 500)
  @Label("fed chunk by chunk at arbitrary splits it agrees with the JDK, failing in the chunk holding the bad byte")
  void chunkedFeedAgreesAndFailsInTheRightChunk(
      @ForAll("nearUtf8") byte[] bytes, @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 400) Integer> cutSeeds) {
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int c : cutSeeds) {
      cuts.add(c % (bytes.length + 1));
    }
    cuts.add(bytes.length);
    int bad = firstRejected(bytes);
    Utf8Validator v = new Utf8Validator();
    int from = 0;
    int failedChunkEnd = -1;
    for (int to : cuts) {
      ByteBuffer chunk = ByteBuffer.wrap(bytes, from, to - from); // also exercises feed(ByteBuffer)
      if (!v.feed(chunk)) {
        failedChunkEnd = to;
        assertThat(bad).as("the chunk [%d, %d) holds the first bad byte", from, to).isBetween(from, to - 1);
        break;
      }
      from = to;
    }
    if (failedChunkEnd < 0) {
      assertThat(bad).isEqualTo(-1);
    }
    boolean valid = failedChunkEnd < 0 && v.isComplete();
    assertThat(valid).as(Hex.hex(bytes)).isEqualTo(jdkValid(bytes));
  }

  @Property(tries = 300)
  @Label("fails fast: it rejects exactly the first byte after which no completion is valid UTF-8 for the JDK")
  void rejectsExactlyTheFirstUnrecoverableByte(@ForAll("nearUtf8") byte[] bytes) {
    int bad = firstRejected(bytes);
    if (bad < 0) {
      // Nothing rejected: every prefix can still be completed.
      assertThat(extendable(bytes)).as(Hex.hex(bytes)).isTrue();
    } else {
      assertThat(extendable(java.util.Arrays.copyOf(bytes, bad))).as("prefix before %d of %s", bad, Hex.hex(bytes)).isTrue();
      assertThat(extendable(java.util.Arrays.copyOf(bytes, bad + 1))).as("prefix through %d of %s", bad, Hex.hex(bytes)).isFalse();
    }
  }

  @Property(tries = 1000)
  @Label("agrees with the JDK on long ASCII runs mixed with near-valid UTF-8, in heap, direct, read-only and sliced buffers at any position")
  void agreesWithJdkOnAnyBufferKind(
      @ForAll("asciiRunsAndNearUtf8") byte[] bytes,
      @ForAll @IntRange(min = 0, max = 3) int kind,
      @ForAll @IntRange(min = 0, max = 9) int at,
      @ForAll @IntRange(min = 0, max = 7) int sliceAt) {
    int cap = sliceAt + at + bytes.length + 5;
    ByteBuffer whole = kind == 1 ? ByteBuffer.allocateDirect(cap) : ByteBuffer.allocate(cap);
    for (int i = 0; i < cap; i++) {
      whole.put(i, (byte) 0xFF); // invalid anywhere: bytes outside the range must not be read
    }
    whole.put(sliceAt + at, bytes);
    ByteBuffer b = whole.position(sliceAt).slice();
    if (kind == 2) {
      b = b.asReadOnlyBuffer();
    } else if (kind == 3) {
      b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
    java.nio.ByteOrder order = b.order();
    Utf8Validator v = new Utf8Validator();
    boolean valid = v.feed(b, at, at + bytes.length) && v.isComplete();
    assertThat(valid).as(Hex.hex(bytes)).isEqualTo(jdkValid(bytes));
    assertThat(b.position()).isZero();
    assertThat(b.order()).isEqualTo(order);
  }

  // ---- generators ----

  @Provide
  Arbitrary<byte[]> nearUtf8() {
    Arbitrary<byte[]> atom = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.integers().between(0, 0x7F).map(Utf8ValidatorPropertyTest::one)),
        Tuple.of(5, validCodePoint().map(Utf8ValidatorPropertyTest::encode)),
        Tuple.of(2, Arbitraries.integers().between(0xD800, 0xDFFF).map(cp -> threeBytes(cp))),
        Tuple.of(2, overlong()),
        Tuple.of(2, Arbitraries.integers().between(0x110000, 0x1FFFFF).map(Utf8ValidatorPropertyTest::fourBytes)),
        Tuple.of(2, truncated()),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0xFF).map(Utf8ValidatorPropertyTest::one)),
        Tuple.of(1, Arbitraries.integers().between(0, 0xFF).map(Utf8ValidatorPropertyTest::one)));
    return atom.list().ofMaxSize(12).map(parts -> Hex.concat(parts.toArray(new byte[0][])));
  }

  @Provide
  Arbitrary<byte[]> asciiRunsAndNearUtf8() {
    Arbitrary<byte[]> run = Arbitraries.integers().between(0, 0x7F).list().ofMaxSize(100).map(list -> {
      byte[] b = new byte[list.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) list.get(i);
      }
      return b;
    });
    return Arbitraries.oneOf(run, nearUtf8()).list().ofMaxSize(6).map(parts -> Hex.concat(parts.toArray(new byte[0][])));
  }

  static Arbitrary<Integer> validCodePoint() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0x80, 0x7FF),
        Arbitraries.integers().between(0x800, 0xD7FF),
        Arbitraries.integers().between(0xE000, 0xFFFF),
        Arbitraries.integers().between(0x10000, 0x10FFFF),
        Arbitraries.of(0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0xD7FF, 0xE000));
  }

  static Arbitrary<byte[]> overlong() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 0x7F).map(cp -> new byte[] {(byte) (0xC0 | cp >> 6), (byte) (0x80 | cp & 0x3F)}),
        Arbitraries.integers().between(0, 0x7FF).map(Utf8ValidatorPropertyTest::threeBytes),
        Arbitraries.integers().between(0, 0xFFFF).map(Utf8ValidatorPropertyTest::fourBytes));
  }

  static Arbitrary<byte[]> truncated() {
    return validCodePoint().map(Utf8ValidatorPropertyTest::encode)
        .flatMap(b -> Arbitraries.integers().between(1, b.length - 1).map(n -> java.util.Arrays.copyOf(b, n)));
  }

  static byte[] one(int b) {
    return new byte[] {(byte) b};
  }

  static byte[] encode(int cp) {
    return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
  }

  /** The 3-byte pattern for any value below 0x10000, even those UTF-8 forbids in that form. */
  static byte[] threeBytes(int cp) {
    return new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | (cp >> 6) & 0x3F), (byte) (0x80 | cp & 0x3F)};
  }

  /** The 4-byte pattern for any value below 0x200000. */
  static byte[] fourBytes(int cp) {
    return new byte[] {
        (byte) (0xF0 | cp >> 18), (byte) (0x80 | (cp >> 12) & 0x3F), (byte) (0x80 | (cp >> 6) & 0x3F), (byte) (0x80 | cp & 0x3F)};
  }
}
