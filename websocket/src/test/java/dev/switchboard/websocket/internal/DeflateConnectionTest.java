package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.unhex;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DeflateAgreement;
import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate on one connection (RFC 7692 §6, §7.2, §8), on an embedded channel: what
 * goes out compressed and with RSV1, what comes in compressed, and the close code of every way
 * a compressed message can be wrong, a zip bomb included.
 */
class DeflateConnectionTest extends ConnectionTestBase {

  /** Context takeover both ways, no window limits: what two default configurations agree on. */
  private static final DeflateAgreement TAKEOVER = new DeflateAgreement(false, false, 15, 15);

  private static final Limits SMALL = Limits.DEFAULT.withMaxMessageBytes(200);

  private void openDeflating(Role role, Limits limits, DeflateAgreement agreement) {
    h = ConnectionHarness.deflating(role, limits, DeflateConfig.DEFAULT, agreement);
  }

  /** A frame we wrote: its first byte (FIN, RSV1, opcode) and its unmasked payload. */
  private record Frame(int firstByte, byte[] payload) {
    static Frame of(String hex) {
      byte[] b = unhex(hex);
      int len7 = b[1] & 0x7f;
      int start = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
      return new Frame(b[0] & 0xff, Arrays.copyOfRange(b, start, b.length));
    }

    boolean rsv1() {
      return (firstByte & 0x40) != 0;
    }
  }

  private List<Frame> writtenFrames() {
    return h.written().stream().map(Frame::of).toList();
  }

  // ------------------------------------------------------------------ receiving

  @ParameterizedTest
  @EnumSource(Role.class)
  void compressedMessagesArriveWholeFragmentedAndWithContextTakeover_7_2_3(Role role) {
    openDeflating(role, Limits.DEFAULT, TAKEOVER);
    h.receive(h.peerCompressedFrame(true, Opcode.TEXT, unhex("f248cdc9c90700")));
    // §7.2.3.1: fragmented, RSV1 on the first frame only; a ping may come between the fragments.
    h.receive(h.peerCompressedFrame(false, Opcode.TEXT, unhex("f248cd")), h.peerFrame(Opcode.PING, utf8("p")),
        h.peerFrame(true, Opcode.CONTINUATION, unhex("c9c90700")));
    // §7.2.3.2: a back-reference into the previous message.
    h.receive(h.peerCompressedFrame(true, Opcode.TEXT, unhex("f200110000")));
    // RSV1 is per message: an uncompressed one between compressed ones.
    h.receive(h.peerFrame(Opcode.BINARY, new byte[] {7}), h.peerCompressedFrame(true, Opcode.BINARY, Deflated.of(new byte[] {1, 2})));
    assertThat(h.endpoint.take())
        .containsExactly("text:Hello", "ping:70", "text:Hello", "text:Hello", "binary:07", "binary:0102");
  }

  /** One frame with RSV1 whose payload is {@code deflated}. */
  private static Function<ConnectionHarness, byte[][]> compressed(Opcode op, byte[] deflated) {
    return c -> new byte[][] {c.peerCompressedFrame(true, op, deflated)};
  }

  static Stream<Arguments> violations() {
    Object[][] cases = {
        {"invalid UTF-8 in an inflated text message (§8.1)", CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 in text message",
            compressed(Opcode.TEXT, Deflated.of(new byte[] {'o', 'k', (byte) 0xc3, 0x28}))},
        {"an inflated text message ending inside a UTF-8 sequence", CloseCode.INVALID_PAYLOAD_DATA,
            "invalid UTF-8 in text message", compressed(Opcode.TEXT, Deflated.of(new byte[] {'o', 'k', (byte) 0xe2, (byte) 0x82}))},
        {"a payload that is not DEFLATE data (§8.1)", CloseCode.INVALID_PAYLOAD_DATA,
            "compressed message is not valid DEFLATE data (RFC 7692 §8)", compressed(Opcode.BINARY, unhex("07"))},
        {"a message inflating past maxMessageBytes", CloseCode.MESSAGE_TOO_BIG,
            "inflated message exceeds maxMessageBytes 200", compressed(Opcode.BINARY, Deflated.of(new byte[201]))},
        {"RSV1 on a continuation frame (§6.1)", CloseCode.PROTOCOL_ERROR,
            "RSV1 set on a continuation frame; only a message's first frame may carry it",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {
                c.peerCompressedFrame(false, Opcode.TEXT, unhex("f248cd")),
                Wire.frame(true, true, Opcode.CONTINUATION, unhex("c9c90700"), c.role == Role.SERVER)}},
        {"RSV1 on a control frame (§6.1)", CloseCode.PROTOCOL_ERROR, "RSV1 set on control frame PING",
            // FrameEncoder refuses to make it: an empty ping with RSV1, masked with Wire.MASK_KEY for a server
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {unhex(c.role == Role.SERVER ? "c98037fa213d" : "c900")}},
    };
    return forEachRole(cases);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void aBadCompressedMessageIsAnsweredWithItsCloseCode_8(
      String name, Role role, CloseCode code, String reason, Function<ConnectionHarness, byte[][]> frames) {
    openDeflating(role, SMALL, TAKEOVER);
    h.receive(frames.apply(h));
    h.assertFailedWith(code, reason);
  }

  /** RFC 6455 §5.2: RSV1 means nothing unless an extension (here permessage-deflate) was agreed. */
  @ParameterizedTest
  @EnumSource(Role.class)
  void rsv1WithoutPermessageDeflateIsAProtocolError_5_2(Role role) {
    open(role, Limits.DEFAULT);
    h.receive(h.peerCompressedFrame(true, Opcode.TEXT, unhex("f248cdc9c90700")));
    h.assertFailedWith(CloseCode.PROTOCOL_ERROR, "reserved bits 0x4 set but no extension negotiated them");
  }

  /**
   * A zip bomb: 100 MiB of zeros in one frame of about 100 KiB, against maxMessageBytes of 1 MiB.
   * The connection closes with 1009 having inflated about 1 MiB: no buffer is asked for more.
   */
  @Test
  void aZipBombClosesWith1009WithoutTheMessageGrowingPastTheLimit() {
    int limit = 1 << 20;
    openDeflating(Role.SERVER, Limits.DEFAULT.withMaxMessageBytes(limit), TAKEOVER);
    RecordingAllocator alloc = new RecordingAllocator();
    h.channel.config().setAllocator(alloc);
    byte[] bomb = Deflated.zeros(100L << 20);
    assertThat(bomb.length).as("compressed size").isLessThan(120 * 1024);

    h.receive(h.peerCompressedFrame(true, Opcode.BINARY, bomb));

    h.assertFailedWith(CloseCode.MESSAGE_TOO_BIG, "inflated message exceeds maxMessageBytes " + limit);
    assertThat(alloc.largestAsked).as("largest buffer capacity needed").isBetween(limit / 2, limit);
    assertThat(alloc.largestGiven).as("largest buffer capacity given").isLessThanOrEqualTo(limit);
  }

  /** Unpooled buffers that remember the largest capacity any was created with or had to grow to. */
  private static final class RecordingAllocator extends AbstractByteBufAllocator {
    int largestAsked;
    int largestGiven;

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      record(initialCapacity, initialCapacity);
      return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      record(initialCapacity, initialCapacity);
      return new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
      int given = super.calculateNewCapacity(minNewCapacity, maxCapacity);
      record(minNewCapacity, given);
      return given;
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    private void record(int asked, int given) {
      largestAsked = Math.max(largestAsked, asked);
      largestGiven = Math.max(largestGiven, given);
    }
  }

  // ------------------------------------------------------------------ sending

  /** Below the threshold (1024 by default) a message goes out as it is, from it on compressed. */
  @ParameterizedTest
  @EnumSource(Role.class)
  void messagesFromTheThresholdUpGoOutCompressedWithRsv1_6(Role role) {
    openDeflating(role, Limits.DEFAULT, TAKEOVER);
    String below = "a".repeat(1023);
    String at = "b".repeat(1024);
    byte[] big = new byte[8192];
    h.connection.sendText(below);
    h.connection.sendText(at);
    h.connection.sendBinary(new byte[1023]);
    h.connection.sendBinary(big);
    h.connection.sendFragment(MessageType.TEXT, ByteBuffer.wrap(utf8(at)), true);

    List<Frame> frames = writtenFrames();
    assertThat(frames).extracting(Frame::firstByte).containsExactly(0x81, 0xc1, 0x82, 0xc2, 0x81);
    assertThat(frames.get(0).payload()).isEqualTo(utf8(below));
    assertThat(Deflated.inflate(frames.get(1).payload())).isEqualTo(utf8(at));
    assertThat(frames.get(2).payload()).isEqualTo(new byte[1023]);
    assertThat(Deflated.inflate(frames.get(3).payload())).isEqualTo(big);
    assertThat(frames.get(3).payload().length).as("8 KiB of zeros, compressed").isLessThan(100);
    assertThat(frames.get(4).payload()).as("fragments are never compressed").isEqualTo(utf8(at));
  }

  /**
   * RFC 7692 §7.1.1: with context takeover our second identical message is a back-reference and
   * tiny; when the agreement says our side resets, it is as long as the first.
   */
  @ParameterizedTest(name = "{0}, our side resets: {1}")
  @CsvSource({"SERVER, false", "SERVER, true", "CLIENT, false", "CLIENT, true"})
  void ourCompressorKeepsOrDropsItsContextAsAgreed_7_1_1(Role role, boolean reset) {
    DeflateAgreement agreement = role == Role.SERVER
        ? new DeflateAgreement(reset, false, 15, 15) : new DeflateAgreement(false, reset, 15, 15);
    openDeflating(role, Limits.DEFAULT, agreement);
    byte[] message = letters(4096, new Random(7));
    h.connection.sendBinary(message);
    h.connection.sendBinary(message);

    List<Frame> frames = writtenFrames();
    assertThat(frames).allMatch(Frame::rsv1);
    int first = frames.get(0).payload().length;
    int second = frames.get(1).payload().length;
    if (reset) {
      assertThat(second).as("reset: the second stands alone").isEqualTo(first);
      assertThat(Deflated.inflate(frames.get(1).payload())).isEqualTo(message);
    } else {
      assertThat(second).as("takeover: the second refers to the first").isLessThan(first / 10);
    }
  }

  /**
   * Noise does not shrink, so it goes out as it is, RSV1 clear (the choice is per message, RFC
   * 7692 §6); the compressor forgets it, so the next message stands alone for the peer.
   */
  @ParameterizedTest
  @EnumSource(Role.class)
  void aMessageThatCompressionWouldNotShrinkGoesOutUncompressed_6(Role role) {
    openDeflating(role, Limits.DEFAULT, TAKEOVER);
    Random random = new Random(3);
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    byte[] text = letters(4096, random);
    h.connection.sendBinary(text);
    h.connection.sendBinary(noise);
    h.connection.sendBinary(text);

    List<Frame> frames = writtenFrames();
    assertThat(frames).extracting(Frame::firstByte).containsExactly(0xc2, 0x82, 0xc2);
    assertThat(frames.get(1).payload()).isEqualTo(noise);
    assertThat(Deflated.inflate(frames.get(2).payload())).as("a new stream, without back-references").isEqualTo(text);
  }

  /** Random lowercase letters: about 4.7 bits a byte, so DEFLATE shrinks them by a third or so. */
  private static byte[] letters(int n, Random random) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + random.nextInt(26));
    }
    return b;
  }
}
