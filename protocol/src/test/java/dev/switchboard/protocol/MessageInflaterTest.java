package dev.switchboard.protocol;

import static dev.switchboard.protocol.DeflateFixtures.CHUNK;
import static dev.switchboard.protocol.DeflateFixtures.NO_LIMIT;
import static dev.switchboard.protocol.DeflateFixtures.compress;
import static dev.switchboard.protocol.DeflateFixtures.inflate;
import static dev.switchboard.protocol.DeflateFixtures.inflateHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.DeflateFixtures.Inflated;
import dev.switchboard.protocol.MessageInflater.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compressing and inflating messages (RFC 7692 §7.2): the RFC's examples byte for byte, the
 * limit on the inflated size, corrupt data, and what the inflater is fit for afterwards.
 */
class MessageInflaterTest {

  /** "Hello" compressed by a fresh compressor, tail stripped (RFC 7692 §7.2.3.1). */
  private static final String HELLO = "f2 48 cd c9 c9 07 00";

  private final List<AutoCloseable> zlib = new ArrayList<>();

  private <T extends AutoCloseable> T track(T t) {
    zlib.add(t);
    return t;
  }

  private MessageInflater inflater(boolean peerNoContextTakeover) {
    return track(new MessageInflater(CHUNK, peerNoContextTakeover));
  }

  private MessageDeflater deflater(int level, boolean noContextTakeover) {
    return track(new MessageDeflater(level, noContextTakeover));
  }

  @AfterEach
  void freeZlib() throws Exception {
    for (AutoCloseable c : zlib) {
      c.close();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ RFC 7692 §7.2.3 examples

  @Test
  void helloCompressesToTheRfcBytesWithTheSyncFlushTailStripped_7_2_3_1() {
    MessageDeflater d = deflater(6, false);
    assertThat(Hex.hex(compress(d, utf8("Hello")))).isEqualTo("f248cdc9c90700");
  }

  /** §7.2.3.2: the second "Hello" is a back-reference into the first one. */
  @Test
  void withContextTakeoverTheSecondHelloRefersToTheFirst_7_2_3_2() {
    MessageDeflater d = deflater(6, false);
    assertThat(Hex.hex(compress(d, utf8("Hello")))).isEqualTo("f248cdc9c90700");
    assertThat(Hex.hex(compress(d, utf8("Hello")))).isEqualTo("f200110000");

    MessageInflater in = inflater(false);
    assertThat(inflateHex(in, NO_LIMIT, HELLO).text()).isEqualTo("Hello");
    assertThat(inflateHex(in, NO_LIMIT, "f2 00 11 00 00").text()).isEqualTo("Hello");
  }

  @Test
  void withoutContextTakeoverEveryMessageStandsAlone_7_1_1() {
    MessageDeflater d = deflater(6, true);
    assertThat(Hex.hex(compress(d, utf8("Hello")))).isEqualTo("f248cdc9c90700");
    assertThat(Hex.hex(compress(d, utf8("Hello")))).isEqualTo("f248cdc9c90700");

    // An inflater that was told the peer resets has no window to refer back to.
    MessageInflater in = inflater(true);
    assertThat(inflateHex(in, NO_LIMIT, HELLO).text()).isEqualTo("Hello");
    assertThat(inflateHex(in, NO_LIMIT, "f2 00 11 00 00").result()).isEqualTo(Result.CORRUPT);
  }

  /**
   * An empty message is one byte: the header bits of the empty stored block whose LEN and NLEN
   * are the stripped tail. A compressor that has just flushed produces nothing at all for no
   * input, which the receiver would read as the start of a stored block.
   */
  @ParameterizedTest(name = "noContextTakeover={0}")
  @ValueSource(booleans = {false, true})
  void anEmptyMessageCompressesToOneByteWhateverCameBefore_7_2_1(boolean noContextTakeover) {
    MessageDeflater d = deflater(6, noContextTakeover);
    MessageInflater in = inflater(noContextTakeover);
    for (String message : List.of("", "Hello", "", "", "Hello")) {
      byte[] wire = compress(d, utf8(message));
      if (message.isEmpty()) {
        assertThat(Hex.hex(wire)).isEqualTo("00");
      }
      assertThat(inflate(in, NO_LIMIT, List.of(wire)).text()).isEqualTo(message);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "§7.2.3.1 one block                                    | f2 48 cd c9 c9 07 00",
      "§7.2.3.1 the same in two frames                       | f2 48 cd, c9 c9 07 00",
      "§7.2.3.1 byte by byte                                 | f2, 48, cd, c9, c9, 07, 00",
      "§7.2.3.3 a stored block and the empty stored header   | 00 05 00 fa ff 48 65 6c 6c 6f 00",
      "§7.2.3.4 a BFINAL block and the empty stored header   | f3 48 cd c9 c9 07 00 00",
      "§7.2.3.4 the same, split after the BFINAL block       | f3 48 cd c9 c9 07 00, 00",
      "§7.2.3.5 two blocks                                   | f2 48 05 00 00 00 ff ff ca c9 c9 07 00",
      "a BFINAL block alone, leniently                       | f3 48 cd c9 c9 07 00",
      "an empty last frame                                   | f2 48 cd c9 c9 07 00, -"})
  void everyRfcFormOfHelloInflatesAndTheNextMessageToo_7_2_3(String form, String hexChunks) {
    MessageInflater in = inflater(false);
    String[] chunks = chunks(hexChunks);
    assertThat(inflateHex(in, NO_LIMIT, chunks).text()).isEqualTo("Hello");
    // The next message starts a new block, or (after BFINAL) a new DEFLATE stream.
    assertThat(inflateHex(in, NO_LIMIT, HELLO).text()).as("the message after").isEqualTo("Hello");
  }

  // ------------------------------------------------------------------ the limit

  /**
   * A zip bomb: 10 MiB of zeros compress to about 10 KiB. Against a 1 MiB limit the inflater stops
   * within one output piece of the limit, without inflating the rest.
   */
  @Test
  void aBombStopsAtTheLimitAndTheInflaterServesTheNextMessage() {
    byte[] bomb = compress(deflater(9, true), new byte[10 << 20]);
    assertThat(bomb.length).as("compressed size").isLessThan(16 * 1024);
    int limit = 1 << 20;
    MessageInflater in = inflater(false);

    Inflated whole = inflate(in, limit, List.of(bomb));
    assertThat(whole.result()).isEqualTo(Result.TOO_BIG);
    assertThat(whole.bytes().length).as("bytes handed to the sink").isLessThanOrEqualTo(limit + CHUNK);
    assertThat(inflateHex(in, limit, HELLO).text()).as("a new message after TOO_BIG").isEqualTo("Hello");

    Inflated inFrames = inflate(in, limit, split(bomb, 1000));
    assertThat(inFrames.result()).isEqualTo(Result.TOO_BIG);
    assertThat(inFrames.bytes().length).isLessThanOrEqualTo(limit + CHUNK);
    assertThat(inflateHex(in, limit, HELLO).text()).isEqualTo("Hello");
  }

  /** The limit counts inflated bytes and is inclusive, wherever the last byte comes out. */
  @ParameterizedTest(name = "{0} bytes against a limit of 100000: {1}")
  @CsvSource({"99999, OK", "100000, OK", "100001, TOO_BIG", "200000, TOO_BIG"})
  void theLimitIsOnInflatedBytesAndInclusive(int size, Result expected) {
    byte[] message = new byte[size];
    Arrays.fill(message, (byte) 'a');
    Inflated got = inflate(inflater(false), 100_000, List.of(compress(deflater(6, false), message)));
    assertThat(got.result()).isEqualTo(expected);
    assertThat(got.bytes().length).isLessThanOrEqualTo(100_000);
    if (expected == Result.OK) {
      assertThat(got.bytes()).isEqualTo(message);
    }
  }

  // ------------------------------------------------------------------ corrupt data

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "the reserved block type 11                         | 07",
      "a stored block whose length check fails            | 00 05 00 00 00 48 65 6c 6c 6f",
      "a distance before the start of the stream          | f2 00 11 00 00",
      "garbage after a BFINAL block                       | f3 48 cd c9 c9 07 00 07",
      "good data, then a bad block in the next frame      | f2 48 cd c9 c9 07 00, ff ff ff"})
  void corruptDataIsReportedAndTheInflaterServesTheNextMessage_8_1(String what, String hexChunks) {
    MessageInflater in = inflater(false);
    String[] chunks = chunks(hexChunks);
    assertThat(inflateHex(in, NO_LIMIT, chunks).result()).isEqualTo(Result.CORRUPT);
    assertThat(inflateHex(in, NO_LIMIT, HELLO).text()).isEqualTo("Hello");
  }

  /** Comma-separated hex chunks; "-" is an empty one. */
  private static String[] chunks(String hexChunks) {
    return Arrays.stream(hexChunks.split(",")).map(String::trim).map(c -> c.equals("-") ? "" : c).toArray(String[]::new);
  }

  private static List<byte[]> split(byte[] bytes, int piece) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += piece) {
      out.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + piece)));
    }
    return out;
  }
}
