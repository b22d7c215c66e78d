package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * RFC 6455 §5: any valid frame sequence made by {@link FrameEncoder} decodes to the same events
 * whether fed whole, byte by byte or split at random points, in any kind of buffer.
 */
class FrameRoundTripPropertyTest {

  @Provide
  Arbitrary<FrameScenarios.Scenario> scenarios() {
    return FrameScenarios.scenarios(70_000, 5);
  }

  @Property(tries = 150)
  @Label("any valid frame sequence decodes identically whole, byte by byte and split at random points")
  void encodedFramesDecodeIdenticallyInAnySplit(
      @ForAll("scenarios") FrameScenarios.Scenario scenario, @ForAll long splitSeed) {
    FrameScenarios.Built built = FrameScenarios.build(scenario);
    DecoderConfig config = scenario.config();
    Statistics.label("messages").collect(scenario.messages().size());
    Statistics.label("close").collect(scenario.close() != null);
    int largest = scenario.messages().stream().mapToInt(FrameScenarios.MessageSpec::size).max().orElse(0);
    Statistics.label("largest message").collect(largest < 126 ? "< 126" : largest <= 65535 ? "16-bit" : "64-bit");

    Recorder whole = Recorder.whole(config, built.bytes());
    assertThat(whole.messages).as("whole").isEqualTo(built.expected());

    Recorder bytewise = Recorder.bytewise(config, built.bytes());
    assertThat(bytewise.messages).as("byte by byte").isEqualTo(built.expected());

    Recorder split = splitRandomly(config, built.bytes(), new Random(splitSeed));
    assertThat(split.messages).as("random splits").isEqualTo(built.expected());
  }

  @Property(tries = 100)
  @Label("raw events are well formed in any split: data only inside a message, no empty chunk but the last")
  void rawEventsAreWellFormed(@ForAll("scenarios") FrameScenarios.Scenario scenario, @ForAll long splitSeed) {
    FrameScenarios.Built built = FrameScenarios.build(scenario);
    assertWellFormed(splitRandomly(scenario.config(), built.bytes(), new Random(splitSeed)).events);
    assertWellFormed(Recorder.whole(scenario.config(), built.bytes()).events);
    assertWellFormed(Recorder.bytewise(scenario.config(), built.bytes()).events);
  }

  /** Feeds pieces of 1 to a few thousand bytes, each in a random kind of buffer with filler around it. */
  static Recorder splitRandomly(DecoderConfig config, byte[] bytes, Random random) {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(config, r);
    byte[] copy = bytes.clone();
    int from = 0;
    while (from < copy.length) {
      int n = switch (random.nextInt(4)) {
        case 0 -> 1 + random.nextInt(3);
        case 1 -> 1 + random.nextInt(16);
        case 2 -> 1 + random.nextInt(300);
        default -> 1 + random.nextInt(20_000);
      };
      int to = Math.min(copy.length, from + n);
      ByteBuffer in = Recorder.window(copy, from, to, random.nextBoolean(),
          random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      int limit = in.limit();
      d.decode(in);
      if (!d.isTerminated()) {
        assertThat(in.position()).as("a buffer is consumed unless the decoder terminated").isEqualTo(limit);
      }
      assertThat(in.limit()).isEqualTo(limit);
      from = to;
    }
    return r;
  }

  /**
   * Data only inside a message, a start only outside one, no empty chunk except a message's last,
   * nothing after a close or error.
   */
  static void assertWellFormed(List<String> events) {
    boolean inMessage = false;
    for (int i = 0; i < events.size(); i++) {
      String e = events.get(i);
      if (e.startsWith("start ")) {
        assertThat(inMessage).as("start inside a message at %d: %s", i, events).isFalse();
        inMessage = true;
      } else if (e.startsWith("data ")) {
        assertThat(inMessage).as("data outside a message at %d: %s", i, events).isTrue();
        assertThat(e).as("empty chunk that is not the last at %d", i).isNotEqualTo("data ");
        inMessage = !e.endsWith(" last");
      } else if (e.startsWith("close ") || e.startsWith("error ")) {
        assertThat(i).as("terminal event is the last: %s", events).isEqualTo(events.size() - 1);
      }
    }
  }
}
