package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * Garbage in: the decoder never throws; it emits events, or fails exactly once with 1002, 1007 or
 * 1009 and then emits nothing; and how the garbage is split does not change what it says.
 */
class DecoderRobustnessPropertyTest {

  @Provide
  Arbitrary<DecoderConfig> configs() {
    return Combinators.combine(
            Arbitraries.of(Role.values()),
            Arbitraries.of(125L, 200L, 1000L, DecoderConfig.DEFAULT_MAX_BYTES, Long.MAX_VALUE),
            Arbitraries.of(1L, 50L, 1000L, DecoderConfig.DEFAULT_MAX_BYTES, Long.MAX_VALUE),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(DecoderConfig::new);
  }

  /** Valid scenarios with a few bytes flipped, inserted, deleted or cut off. */
  @Provide
  Arbitrary<byte[]> mutatedFrames() {
    return Combinators.combine(FrameScenarios.scenarios(400, 4), Arbitraries.longs(), Arbitraries.integers().between(1, 6))
        .as((scenario, seed, mutations) -> mutate(FrameScenarios.build(scenario).bytes(), new Random(seed), mutations));
  }

  static byte[] mutate(byte[] bytes, Random r, int mutations) {
    byte[] b = bytes;
    for (int m = 0; m < mutations && b.length > 0; m++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b = Hex.concat(java.util.Arrays.copyOf(b, at), new byte[] {(byte) r.nextInt(256)},
            java.util.Arrays.copyOfRange(b, at, b.length));
        case 3 -> b = Hex.concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + 1, b.length));
        default -> b = java.util.Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  @Property(tries = 500)
  @Label("random bytes never make the decoder throw; it fails once with 1002/1007/1009 or decodes")
  void randomBytesNeverThrow(@ForAll("configs") DecoderConfig config, @ForAll @Size(max = 300) byte[] garbage,
      @ForAll long splitSeed) {
    check(config, garbage, splitSeed);
  }

  @Property(tries = 500)
  @Label("mutated valid frames never make the decoder throw; it fails once with 1002/1007/1009 or decodes")
  void mutatedFramesNeverThrow(@ForAll("configs") DecoderConfig config, @ForAll("mutatedFrames") byte[] garbage,
      @ForAll long splitSeed) {
    check(config, garbage, splitSeed);
  }

  static void check(DecoderConfig config, byte[] garbage, long splitSeed) {
    Recorder whole = new Recorder();
    FrameDecoder d = new FrameDecoder(config, whole);
    assertThatCode(() -> d.decode(ByteBuffer.wrap(garbage.clone()))).doesNotThrowAnyException();
    List<String> events = whole.events;
    FrameRoundTripPropertyTest.assertWellFormed(events);

    List<String> errors = events.stream().filter(e -> e.startsWith("error ")).toList();
    assertThat(errors).hasSizeLessThanOrEqualTo(1);
    assertThat(errors).allSatisfy(e -> assertThat(e).isIn("error 1002", "error 1007", "error 1009"));
    boolean terminal = !events.isEmpty() && (events.get(events.size() - 1).startsWith("error ")
        || events.get(events.size() - 1).startsWith("close "));
    assertThat(d.isTerminated()).isEqualTo(terminal);
    Statistics.label("outcome").collect(errors.isEmpty() ? (terminal ? "close" : "open") : errors.get(0));

    List<String> wholeMessages = List.copyOf(whole.messages);
    // Once terminated, more bytes produce nothing.
    int before = events.size();
    assertThatCode(() -> d.decode(ByteBuffer.wrap(Hex.bytes("88 00 81 01 ff 89 00")))).doesNotThrowAnyException();
    if (terminal) {
      assertThat(events).hasSize(before);
    }

    // The split does not change what the bytes say.
    Recorder bytewise = Recorder.bytewise(config, garbage);
    assertThat(bytewise.messages).as("byte by byte").isEqualTo(wholeMessages);
    assertThat(FrameRoundTripPropertyTest.splitRandomly(config, garbage, new Random(splitSeed)).messages)
        .as("random splits").isEqualTo(bytewise.messages);
  }
}
