package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hex fixtures for the framing rules of RFC 6455 §5: one test per rule, asserting the exact event
 * sequence and close code. Payload, UTF-8 and close-frame rules are in {@link FrameDecoderPayloadTest}.
 */
class FrameDecoderFramingTest {

  static final DecoderConfig CLIENT = DecoderConfig.of(Role.CLIENT);
  static final DecoderConfig SERVER = DecoderConfig.of(Role.SERVER);
  static final DecoderConfig DEFLATE_CLIENT = CLIENT.withRsv1Allowed(true);

  static final String HELLO = "48 65 6c 6c 6f";
  /** "Hello" masked with key 37 fa 21 3d, as in RFC 6455 §5.7. */
  static final String MASKED_HELLO = "37 fa 21 3d 7f 9f 4d 51 58";

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  // ---- RFC 6455 §5.7 examples ----

  @Test
  @DisplayName("RFC 6455 §5.7: a single-frame unmasked text message")
  void singleFrameUnmaskedTextIsOneMessage() {
    assertThat(Recorder.whole(CLIENT, "81 05 " + HELLO).events)
        .containsExactly("start TEXT", "data 48656c6c6f last");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: a single-frame masked text message is unmasked")
  void singleFrameMaskedTextIsUnmasked() {
    assertThat(Recorder.whole(SERVER, "81 85 " + MASKED_HELLO).events)
        .containsExactly("start TEXT", "data 48656c6c6f last");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: a fragmented unmasked text message arrives frame by frame")
  void fragmentedTextIsDeliveredAsOneMessageInChunks() {
    assertThat(Recorder.whole(CLIENT, "01 03 48 65 6c  80 02 6c 6f").events)
        .containsExactly("start TEXT", "data 48656c", "data 6c6f last");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: an unmasked ping is delivered whole")
  void unmaskedPingIsDelivered() {
    assertThat(Recorder.whole(CLIENT, "89 05 " + HELLO).events).containsExactly("ping 48656c6c6f");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: a masked pong is unmasked")
  void maskedPongIsUnmasked() {
    assertThat(Recorder.whole(SERVER, "8a 85 " + MASKED_HELLO).events).containsExactly("pong 48656c6c6f");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: 256 bytes of binary data use a 16-bit length")
  void binary256BytesWith16BitLength() {
    byte[] payload = pattern(256);
    Recorder r = Recorder.whole(CLIENT, Hex.concat(Hex.bytes("82 7e 01 00"), payload));
    assertThat(r.events).containsExactly("start BINARY", "data " + Hex.describe(payload) + " last");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: 64 KiB of binary data use a 64-bit length")
  void binary64KiBWith64BitLength() {
    byte[] payload = pattern(65536);
    Recorder r = Recorder.whole(CLIENT, Hex.concat(Hex.bytes("82 7f 00 00 00 00 00 01 00 00"), payload));
    assertThat(r.events).containsExactly("start BINARY", "data " + Hex.describe(payload) + " last");
  }

  @Test
  @DisplayName("RFC 6455 §5.2: an empty text frame is a message with one empty last chunk")
  void emptyTextFrameIsAnEmptyMessage() {
    assertThat(Recorder.whole(CLIENT, "81 00").events).containsExactly("start TEXT", "data  last");
  }

  @Test
  @DisplayName("RFC 6455 §5.4: empty fragments are allowed and only the final one produces a chunk")
  void emptyFragmentsMakeAnEmptyMessage() {
    assertThat(Recorder.whole(CLIENT, "02 00  00 00  80 00").events).containsExactly("start BINARY", "data  last");
  }

  // ---- reserved bits (RFC 6455 §5.2, Autobahn 3.x; RFC 7692 §6) ----

  @ParameterizedTest(name = "first byte 0x{0}")
  @ValueSource(strings = {"c1", "a1", "91", "f1", "c2", "e2"})
  @DisplayName("RFC 6455 §5.2, Autobahn 3.1-3.7: a reserved bit without an extension is a protocol error")
  void reservedBitWithoutExtensionIsProtocolError(String firstByte) {
    Recorder r = Recorder.whole(CLIENT, firstByte + " 05 " + HELLO);
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("reserved bits");
  }

  @Test
  @DisplayName("Autobahn 3.2: a reserved bit fails the frame after valid ones, which are delivered")
  void reservedBitAfterAValidFrameFailsOnlyThatFrame() {
    assertThat(Recorder.whole(CLIENT, "81 05 " + HELLO + " c1 05 " + HELLO).events)
        .containsExactly("start TEXT", "data 48656c6c6f last", "error 1002");
  }

  @ParameterizedTest(name = "first byte 0x{0}")
  @ValueSource(strings = {"a1", "91", "b1", "e1", "f1"})
  @DisplayName("RFC 7692 §6: RSV2 and RSV3 stay reserved when permessage-deflate allows RSV1")
  void rsv2AndRsv3StayReservedWithDeflate(String firstByte) {
    assertThat(Recorder.whole(DEFLATE_CLIENT, firstByte + " 05 " + HELLO).events).containsExactly("error 1002");
  }

  @Test
  @DisplayName("RFC 7692 §7.2.3.1: RSV1 on a message's first frame marks it compressed, not UTF-8 checked")
  void rsv1MarksTheMessageCompressed() {
    // The deflated "Hello" of RFC 7692; f2 48 is not valid UTF-8, which must not matter here.
    assertThat(Recorder.whole(DEFLATE_CLIENT, "c1 07 f2 48 cd c9 c9 07 00").events)
        .containsExactly("start TEXT compressed", "data f248cdc9c90700 last");
  }

  @Test
  @DisplayName("RFC 7692 §7.2.3.1: a compressed message's continuation frames carry no RSV1")
  void compressedFragmentedMessage() {
    assertThat(Recorder.whole(DEFLATE_CLIENT, "41 03 f2 48 cd  80 04 c9 c9 07 00").events)
        .containsExactly("start TEXT compressed", "data f248cd", "data c9c90700 last");
  }

  @Test
  @DisplayName("RFC 7692 §6: without RSV1 a message is uncompressed even when deflate is negotiated")
  void messageWithoutRsv1IsUncompressed() {
    assertThat(Recorder.whole(DEFLATE_CLIENT, "82 01 ff").events).containsExactly("start BINARY", "data ff last");
  }

  @Test
  @DisplayName("RFC 7692 §6.1: RSV1 on a continuation frame is a protocol error")
  void rsv1OnContinuationIsProtocolError() {
    assertThat(Recorder.whole(DEFLATE_CLIENT, "41 03 f2 48 cd  c0 04 c9 c9 07 00").events)
        .containsExactly("start TEXT compressed", "data f248cd", "error 1002");
  }

  @ParameterizedTest(name = "first byte 0x{0}")
  @ValueSource(strings = {"c8", "c9", "ca"})
  @DisplayName("RFC 7692 §6.1: RSV1 on a control frame is a protocol error")
  void rsv1OnControlFrameIsProtocolError(String firstByte) {
    assertThat(Recorder.whole(DEFLATE_CLIENT, firstByte + " 00").events).containsExactly("error 1002");
  }

  // ---- opcodes (RFC 6455 §5.2, Autobahn 4.x) ----

  @ParameterizedTest(name = "opcode 0x{0}")
  @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
  @DisplayName("RFC 6455 §5.2, Autobahn 4.1.x/4.2.x: a reserved opcode is a protocol error")
  void reservedOpcodeIsProtocolError(int opcode) {
    byte[] frame = {(byte) (0x80 | opcode), 0x00};
    Recorder r = Recorder.whole(CLIENT, frame);
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("reserved opcode");
  }

  @ParameterizedTest(name = "opcode 0x{0}")
  @ValueSource(ints = {3, 7, 0xB, 0xF})
  @DisplayName("Autobahn 4.1.3: a reserved opcode between valid frames fails there")
  void reservedOpcodeBetweenValidFramesFailsThere(int opcode) {
    byte[] bytes = Hex.concat(Hex.bytes("81 05" + HELLO), new byte[] {(byte) (0x80 | opcode), 0x00}, Hex.bytes("89 00"));
    assertThat(Recorder.whole(CLIENT, bytes).events).containsExactly("start TEXT", "data 48656c6c6f last", "error 1002");
  }

  // ---- masking (RFC 6455 §5.1, §5.3) ----

  @Test
  @DisplayName("RFC 6455 §5.1: a server fails an unmasked frame from its client")
  void serverRejectsUnmaskedFrames() {
    Recorder r = Recorder.whole(SERVER, "81 05 " + HELLO);
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("masked");
  }

  @Test
  @DisplayName("RFC 6455 §5.1: a server fails an unmasked control frame too")
  void serverRejectsUnmaskedControlFrames() {
    assertThat(Recorder.whole(SERVER, "89 00").events).containsExactly("error 1002");
  }

  @Test
  @DisplayName("acceptUnmasked lets a server take unmasked and still masked frames")
  void serverAcceptsUnmaskedFramesWhenConfigured() {
    DecoderConfig lenient = SERVER.withAcceptUnmasked(true);
    assertThat(Recorder.whole(lenient, "81 05 " + HELLO + " 81 85 " + MASKED_HELLO).events)
        .containsExactly("start TEXT", "data 48656c6c6f last", "start TEXT", "data 48656c6c6f last");
  }

  @Test
  @DisplayName("RFC 6455 §5.1: a client fails a masked frame from its server")
  void clientRejectsMaskedFrames() {
    Recorder r = Recorder.whole(CLIENT, "81 85 " + MASKED_HELLO);
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("masked");
  }

  @Test
  @DisplayName("RFC 6455 §5.1: acceptUnmasked is ignored by a client, which still rejects masked frames")
  void clientRejectsMaskedFramesEvenWithAcceptUnmasked() {
    assertThat(Recorder.whole(CLIENT.withAcceptUnmasked(true), "8a 85 " + MASKED_HELLO).events)
        .containsExactly("error 1002");
  }

  @Test
  @DisplayName("RFC 6455 §5.3: a masked payload split across buffers is unmasked with the right key offset")
  void maskedPayloadSplitAcrossBuffersIsUnmaskedContinuously() {
    byte[] frame = Hex.bytes("81 85 " + MASKED_HELLO);
    for (int cut = 1; cut < frame.length; cut++) {
      assertThat(Recorder.split(SERVER, frame, cut).messages)
          .as("cut at %d", cut)
          .containsExactly("start TEXT", "end 48656c6c6f");
    }
    assertThat(Recorder.split(SERVER, frame, 7, 8, 9, 10).events)
        .containsExactly("start TEXT", "data 48", "data 65", "data 6c", "data 6c", "data 6f last");
  }

  // ---- control frames (RFC 6455 §5.5, Autobahn 2.x, 5.x) ----

  @Test
  @DisplayName("RFC 6455 §5.5, Autobahn 2.4: a ping of 125 bytes is delivered")
  void pingOf125BytesIsDelivered() {
    byte[] payload = pattern(125);
    assertThat(Recorder.whole(CLIENT, Hex.concat(Hex.bytes("89 7d"), payload)).events)
        .containsExactly("ping " + Hex.hex(payload));
  }

  @ParameterizedTest(name = "first byte 0x{0}")
  @ValueSource(strings = {"88", "89", "8a"})
  @DisplayName("RFC 6455 §5.5, Autobahn 2.5: a control frame over 125 bytes is a protocol error, from its header")
  void controlFrameOver125BytesIsProtocolError(String firstByte) {
    Recorder r = Recorder.whole(CLIENT, firstByte + " 7e 00 7e");
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("125");
  }

  @ParameterizedTest(name = "first byte 0x{0}")
  @ValueSource(strings = {"08", "09", "0a"})
  @DisplayName("RFC 6455 §5.5, Autobahn 5.1/5.2: a fragmented control frame is a protocol error")
  void fragmentedControlFrameIsProtocolError(String firstByte) {
    Recorder r = Recorder.whole(CLIENT, firstByte + " 02 03 e8");
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("fragmented");
  }

  @Test
  @DisplayName("RFC 6455 §5.4, Autobahn 5.6: a ping between fragments is delivered and the message continues")
  void pingInterleavedInFragmentedMessageIsDelivered() {
    assertThat(Recorder.whole(CLIENT, "01 03 48 65 6c  89 05 " + HELLO + "  80 02 6c 6f").events)
        .containsExactly("start TEXT", "data 48656c", "ping 48656c6c6f", "data 6c6f last");
  }

  @Test
  @DisplayName("RFC 6455 §5.4, Autobahn 5.19: pings and pongs between several fragments, masked")
  void controlFramesBetweenSeveralMaskedFragments() {
    // Key 00 00 00 00 keeps the fixture readable while still exercising the masked path.
    String fixture = "01 81 00000000 61  89 80 01020304  00 81 00000000 62  8a 82 01020304 6b 6b  80 81 00000000 63";
    assertThat(Recorder.whole(SERVER, fixture).events)
        .containsExactly("start TEXT", "data 61", "ping ", "data 62", "pong 6a69", "data 63 last");
  }

  @Test
  @DisplayName("RFC 6455 §5.4, Autobahn 5.9: a continuation frame with no message to continue is a protocol error")
  void continuationWithoutStartIsProtocolError() {
    assertThat(Recorder.whole(CLIENT, "80 05 " + HELLO).events).containsExactly("error 1002");
    assertThat(Recorder.whole(CLIENT, "00 05 " + HELLO).events).containsExactly("error 1002");
  }

  @Test
  @DisplayName("RFC 6455 §5.4, Autobahn 5.13: a continuation after a finished message is a protocol error")
  void continuationAfterFinishedMessageIsProtocolError() {
    assertThat(Recorder.whole(CLIENT, "81 01 61  80 01 62").events)
        .containsExactly("start TEXT", "data 61 last", "error 1002");
  }

  @ParameterizedTest(name = "new frame 0x{0}")
  @ValueSource(strings = {"81", "01", "82", "02"})
  @DisplayName("RFC 6455 §5.4, Autobahn 5.18: a new data frame while a message is open is a protocol error")
  void newDataFrameWhileMessageOpenIsProtocolError(String firstByte) {
    Recorder r = Recorder.whole(CLIENT, "01 01 61 " + firstByte + " 01 62");
    assertThat(r.events).containsExactly("start TEXT", "data 61", "error 1002");
    assertThat(r.lastErrorMessage).contains("before the TEXT message was finished");
  }

  // ---- payload length encoding (RFC 6455 §5.2) ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"82 7e 00 00", "82 7e 00 7d", "89 7e 00 05"})
  @DisplayName("RFC 6455 §5.2: a length under 126 sent in 16 bits is a protocol error")
  void nonMinimal16BitLengthIsProtocolError(String header) {
    Recorder r = Recorder.whole(CLIENT, Hex.concat(Hex.bytes(header), pattern(125)));
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("minimal");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"82 7f 00 00 00 00 00 00 00 00", "82 7f 00 00 00 00 00 00 00 7e", "82 7f 00 00 00 00 00 00 ff ff"})
  @DisplayName("RFC 6455 §5.2: a length up to 65535 sent in 64 bits is a protocol error")
  void nonMinimal64BitLengthIsProtocolError(String header) {
    Recorder r = Recorder.whole(CLIENT, Hex.concat(Hex.bytes(header), pattern(200)));
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("minimal");
  }

  @Test
  @DisplayName("RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0")
  void sixtyFourBitLengthWithMsbSetIsProtocolError() {
    DecoderConfig unlimited = CLIENT.withMaxFramePayloadBytes(Long.MAX_VALUE).withMaxMessageBytes(Long.MAX_VALUE);
    Recorder r = Recorder.whole(unlimited, "82 7f 80 00 00 00 00 00 00 01");
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("most significant bit");
  }

  @Test
  @DisplayName("RFC 6455 §5.2: the smallest 16-bit and 64-bit lengths are accepted")
  void minimalExtendedLengthsAreAccepted() {
    byte[] p126 = pattern(126);
    byte[] p65536 = pattern(65536);
    byte[] bytes = Hex.concat(Hex.bytes("82 7e 00 7e"), p126, Hex.bytes("82 7f 00 00 00 00 00 01 00 00"), p65536);
    assertThat(Recorder.whole(CLIENT, bytes).events).containsExactly(
        "start BINARY", "data " + Hex.describe(p126) + " last", "start BINARY", "data " + Hex.describe(p65536) + " last");
  }

  // ---- buffers and splitting ----

  /** Masked fixtures (as a server reads them) and the messages they hold. */
  static Stream<Arguments> fixtures() {
    byte[] p256 = pattern(256);
    byte[] p64k = pattern(65536);
    return Stream.of(
        Arguments.of("81 85 " + MASKED_HELLO, List.of("start TEXT", "end 48656c6c6f")),
        Arguments.of("01 83 01020304 49 67 6f  89 82 0a0b0c0d 0a 0b  80 82 ffffffff 93 90",
            List.of("start TEXT", "ping 0000", "end 48656c6c6f")),
        Arguments.of("82 fe 01 00 12345678 " + Hex.hex(p256),
            List.of("start BINARY", "end " + Hex.describe(MaskingTest.reference(p256, 0x12345678, 0)))),
        Arguments.of("82 ff 00 00 00 00 00 01 00 00 cafebabe " + Hex.hex(p64k),
            List.of("start BINARY", "end " + Hex.describe(MaskingTest.reference(p64k, 0xcafebabe, 0)))),
        Arguments.of("88 84 11223344 12 ca 55 66", List.of("close 1000 f\"")));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  @DisplayName("RFC 6455 §5.2: a frame fed one byte at a time or split anywhere gives the same messages as whole")
  void anySplitGivesTheSameMessages(String fixture, List<String> expected) {
    byte[] bytes = Hex.bytes(fixture);
    assertThat(Recorder.whole(SERVER, bytes).messages).isEqualTo(expected);
    assertThat(Recorder.bytewise(SERVER, bytes).messages).isEqualTo(expected);
    for (int cut = 1; cut < Math.min(bytes.length, 40); cut++) {
      assertThat(Recorder.split(SERVER, bytes, cut).messages).as("cut at %d", cut).isEqualTo(expected);
    }
  }

  static Stream<Arguments> bufferKinds() {
    return Stream.of(
        Arguments.of(false, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(true, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(true, ByteOrder.BIG_ENDIAN));
  }

  @ParameterizedTest(name = "direct={0}, {1}")
  @MethodSource("bufferKinds")
  @DisplayName("little-endian and direct input buffers decode exactly like big-endian heap buffers")
  void littleEndianAndDirectBuffersDecodeIdentically(boolean direct, ByteOrder order) {
    for (Arguments fixtureAndMessages : fixtures().toList()) {
      String fixture = (String) fixtureAndMessages.get()[0];
      byte[] bytes = Hex.bytes(fixture);
      List<String> expected = Recorder.whole(SERVER, bytes).events;
      Recorder r = new Recorder();
      FrameDecoder d = new FrameDecoder(SERVER, r);
      d.decode(Recorder.window(bytes.clone(), 0, bytes.length, direct, order));
      assertThat(r.events).as(fixture.substring(0, 20)).isEqualTo(expected);
      // And in pieces, so that the split-header path meets these buffers too.
      Recorder pieces = new Recorder();
      FrameDecoder d2 = new FrameDecoder(SERVER, pieces);
      byte[] copy = bytes.clone();
      for (int from = 0; from < copy.length; from += 3) {
        d2.decode(Recorder.window(copy, from, Math.min(copy.length, from + 3), direct, order));
      }
      assertThat(pieces.messages).isEqualTo(Recorder.whole(SERVER, bytes).messages);
    }
  }

  @Test
  @DisplayName("the decoder reads only between position and limit, and consumes all of it")
  void decoderReadsOnlyItsWindowAndConsumesIt() {
    byte[] bytes = Hex.bytes("81 05 " + HELLO + " 01 01 61");
    ByteBuffer in = Recorder.window(bytes, 0, bytes.length, false, ByteOrder.BIG_ENDIAN);
    int limit = in.limit();
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    d.decode(in);
    assertThat(r.events).containsExactly("start TEXT", "data 48656c6c6f last", "start TEXT", "data 61");
    assertThat(in.position()).isEqualTo(limit);
    assertThat(in.limit()).isEqualTo(limit);
    assertThat(d.isInMessage()).isTrue();
    assertThat(d.isTerminated()).isFalse();
  }

  @Test
  @DisplayName("a read-only buffer is refused, since payloads are unmasked in place")
  void readOnlyBufferIsRefused() {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    ByteBuffer ro = ByteBuffer.wrap(Hex.bytes("81 05 " + HELLO)).asReadOnlyBuffer();
    assertThatThrownBy(() -> d.decode(ro)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writable");
    assertThat(r.events).isEmpty();
    assertThat(ro.position()).isZero();
  }

  // ---- stop() ----

  @ParameterizedTest(name = "stop on {0}")
  @ValueSource(strings = {"ping 48656c6c6f", "start TEXT", "data 61", "data 62 last", "pong "})
  @DisplayName("stop() from a handler keeps later frames in the same buffer from being delivered")
  void stopFromHandlerPreventsLaterFrames(String stopOn) {
    String fixture = "89 05 " + HELLO + " 01 01 61  80 01 62  8a 00  82 01 ff";
    List<String> all = Recorder.whole(CLIENT, fixture).events;
    assertThat(all).containsExactly("ping 48656c6c6f", "start TEXT", "data 61", "data 62 last", "pong ",
        "start BINARY", "data ff last");
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    r.onEvent(e -> {
      if (e.equals(stopOn)) {
        d.stop();
      }
    });
    d.decode(ByteBuffer.wrap(Hex.bytes(fixture)));
    assertThat(r.events).isEqualTo(all.subList(0, all.indexOf(stopOn) + 1));
    assertThat(d.isTerminated()).isTrue();
    d.decode(ByteBuffer.wrap(Hex.bytes("81 01 61")));
    assertThat(r.events).hasSize(all.indexOf(stopOn) + 1);
  }

  @Test
  @DisplayName("stop() from the chunk of an unfinished frame keeps the rest of that frame from being delivered")
  void stopInsideAFrame() {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    r.onEvent(e -> {
      if (e.startsWith("data")) {
        d.stop();
      }
    });
    byte[] bytes = Hex.bytes("82 04 01 02 03 04");
    d.decode(ByteBuffer.wrap(bytes, 0, 4));
    d.decode(ByteBuffer.wrap(bytes, 4, 2));
    assertThat(r.events).containsExactly("start BINARY", "data 0102");
  }

  @Test
  @DisplayName("toString shows the state, role and open message, for log lines")
  void toStringIsADiagnosis() {
    FrameDecoder d = new FrameDecoder(CLIENT, new Recorder());
    d.decode(ByteBuffer.wrap(Hex.bytes("01 03 61 62 63")));
    assertThat(d.toString()).contains("HEADER", "CLIENT", "TEXT", "3 bytes");
    d.decode(ByteBuffer.wrap(Hex.bytes("ff 00")));
    assertThat(d.toString()).contains("FAILED").doesNotContain("TEXT");
  }

  @Test
  @DisplayName("a decoder needs a config and a handler")
  void constructorRejectsNulls() {
    assertThatThrownBy(() -> new FrameDecoder(null, new Recorder())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameDecoder(CLIENT, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new FrameDecoder(SERVER, new Recorder()).config()).isSameAs(SERVER);
  }

  @Test
  @DisplayName("every header prefix waits for more bytes without any event")
  void headerPrefixesProduceNoEvents() {
    byte[] header = Hex.bytes("82 ff 00 00 00 00 00 01 00 00 cafebabe");
    List<Integer> sizes = new ArrayList<>();
    IntStream.range(1, header.length + 1).forEach(sizes::add);
    for (int n : sizes) {
      Recorder r = Recorder.whole(SERVER, Arrays.copyOf(header, n));
      assertThat(r.events).as("%d header bytes", n).isEqualTo(n == header.length ? List.of("start BINARY") : List.of());
    }
  }
}
