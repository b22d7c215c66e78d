package dev.switchboard.protocol;

import static dev.switchboard.protocol.DeflateFixtures.CHUNK;
import static dev.switchboard.protocol.DeflateFixtures.compress;
import static dev.switchboard.protocol.DeflateFixtures.inflate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.DeflateFixtures.Inflated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * RFC 7692 §7.2: any sequence of messages compressed by one {@link MessageDeflater} comes out of
 * one {@link MessageInflater} unchanged, however its frames or reads split the compressed bytes,
 * with context takeover or without, at any level.
 */
class DeflateRoundTripPropertyTest {

  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

  /** A message: {@code size} bytes of words (compressible) or of noise, from {@code seed}. */
  record Message(int size, boolean words, long seed) {
    byte[] bytes() {
      Random r = new Random(seed);
      byte[] b = new byte[size];
      if (!words) {
        r.nextBytes(b);
        return b;
      }
      String[] vocabulary = {"switchboard ", "héllo ", "wörld ", "☃ ", "😀 ", "deflate ", "{\"id\":", "42, "};
      StringBuilder sb = new StringBuilder(size + 16);
      while (sb.length() < size) {
        sb.append(vocabulary[r.nextInt(vocabulary.length)]);
      }
      byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
      System.arraycopy(text, 0, b, 0, size);
      return b;
    }

    @Override
    public String toString() {
      return size + (words ? " bytes of words" : " bytes of noise");
    }
  }

  @Provide
  Arbitrary<List<Message>> conversations() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(0)),
        Tuple.of(6, Arbitraries.integers().between(1, 300)),
        Tuple.of(6, Arbitraries.integers().between(301, 70_000)),
        Tuple.of(1, Arbitraries.just(200 * 1024)));
    Arbitrary<Message> message = Combinators.combine(sizes, Arbitraries.of(true, false), Arbitraries.longs())
        .as(Message::new);
    return message.list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 80)
  @Label("messages in sequence survive compression and any split of their compressed bytes")
  void messagesRoundTripInAnySplit(
      @ForAll("conversations") List<Message> messages,
      @ForAll boolean senderResets,
      @ForAll boolean receiverResetsToo,
      @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll @IntRange(min = 1, max = CHUNK) int outputPiece,
      @ForAll long splitSeed) throws DataFormatException {
    // A receiver may reset only if the sender does (§7.1.1); it may always keep its window.
    boolean receiverResets = senderResets && receiverResetsToo;
    Statistics.label("context").collect(senderResets ? (receiverResets ? "none" : "sender resets") : "takeover");
    Random random = new Random(splitSeed);
    Inflater oracle = new Inflater(true);
    try (MessageDeflater deflater = new MessageDeflater(level, senderResets);
        MessageInflater inflater = new MessageInflater(outputPiece, receiverResets)) {
      for (Message m : messages) {
        byte[] plain = m.bytes();
        byte[] wire = compress(deflater, plain);
        assertThat(wire.length).as("within the advertised bound").isLessThanOrEqualTo(MessageDeflater.maxCompressedLength(plain.length));
        if (wire.length >= 4) {
          assertThat(Arrays.copyOfRange(wire, wire.length - 4, wire.length)).as("the sync-flush tail is stripped (§7.2.1)")
              .isNotEqualTo(TAIL);
        }
        assertThat(inflateAsTheJdkDoes(oracle, wire, plain.length)).as("the JDK's inflater reads %s", m).isEqualTo(plain);
        if (senderResets) {
          oracle.reset();
        }

        // The limit is inclusive: exactly the message's size must pass.
        Inflated got = inflate(inflater, plain.length, splitRandomly(wire, random));
        assertThat(got.result()).as("%s", m).isEqualTo(MessageInflater.Result.OK);
        assertThat(got.bytes()).as("%s", m).isEqualTo(plain);
        assertThat(got.largestPiece()).isLessThanOrEqualTo(outputPiece);
      }
    } finally {
      oracle.end();
    }
  }

  /** An independent reading of the compressed bytes: the payload plus the tail, as §7.2.2 says. */
  private static byte[] inflateAsTheJdkDoes(Inflater inflater, byte[] wire, int size) throws DataFormatException {
    byte[] withTail = Arrays.copyOf(wire, wire.length + 4);
    System.arraycopy(TAIL, 0, withTail, wire.length, 4);
    inflater.setInput(withTail);
    byte[] out = new byte[size + 1];
    int n = 0;
    while (n < out.length) {
      int k = inflater.inflate(out, n, out.length - n);
      if (k == 0) {
        break;
      }
      n += k;
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Non-empty pieces as frames and reads make them, sometimes byte by byte, sometimes followed by
   * an empty last chunk (an empty final frame).
   */
  private static List<byte[]> splitRandomly(byte[] wire, Random random) {
    List<byte[]> chunks = new ArrayList<>();
    boolean bytewise = wire.length < 200 && random.nextInt(4) == 0;
    int i = 0;
    while (i < wire.length) {
      int n = bytewise ? 1 : 1 + random.nextInt(Math.max(1, random.nextBoolean() ? 64 : wire.length));
      chunks.add(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + n)));
      i += n;
    }
    if (chunks.isEmpty() || random.nextInt(5) == 0) {
      chunks.add(new byte[0]);
    }
    return chunks;
  }
}
