package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hex fixtures for what frames carry: size limits (1009), UTF-8 in text messages (1007, RFC 6455
 * §8.1) and close frames (RFC 6455 §5.5.1, §7.4).
 */
class FrameDecoderPayloadTest {

  static final DecoderConfig CLIENT = DecoderConfig.of(Role.CLIENT);

  // ---- frameRemaining: what is left of the frame being delivered ----

  @Test
  @DisplayName("frameRemaining, read in onMessageData, counts the frame's payload bytes still to come")
  void frameRemainingCountsTheRestOfTheFrame() {
    List<String> seen = new ArrayList<>();
    FrameDecoder[] decoder = {recordingFrameRemaining(seen)};
    // A 300-byte unfinished binary frame, then a 5-byte final continuation, fed in three pieces.
    byte[] frames = Hex.concat(Hex.bytes("02 7e 01 2c"), new byte[300], Hex.bytes("80 05"), new byte[5]);
    decoder[0].decode(ByteBuffer.wrap(frames, 0, 104));
    decoder[0].decode(ByteBuffer.wrap(frames, 104, 200));
    decoder[0].decode(ByteBuffer.wrap(frames, 304, frames.length - 304));
    assertThat(seen).containsExactly("100+200", "200+0", "5+0 last");
  }

  @ParameterizedTest(name = "fed {0} bytes at a time")
  @ValueSource(ints = {1, 64})
  @DisplayName("frameRemaining is 0 for an empty frame after a control frame with a payload")
  void frameRemainingIsZeroForAnEmptyFrameAfterAPing(int chunk) {
    List<String> seen = new ArrayList<>();
    FrameDecoder[] decoder = {recordingFrameRemaining(seen)};
    // A 5-byte ping, an empty final binary frame, an empty unfinished text frame, its empty end.
    byte[] frames = Hex.bytes("89 05 01 02 03 04 05 82 00 01 00 80 00");
    for (int i = 0; i < frames.length; i += chunk) {
      decoder[0].decode(ByteBuffer.wrap(frames, i, Math.min(chunk, frames.length - i)));
    }
    assertThat(seen).containsExactly("ping 5", "0+0 last", "0+0 last");
  }

  /**
   * A client decoder that records each data chunk as "size+frameRemaining" (" last" on a
   * message's end) and each ping as "ping size".
   */
  private static FrameDecoder recordingFrameRemaining(List<String> seen) {
    FrameDecoder[] decoder = new FrameDecoder[1];
    decoder[0] = new FrameDecoder(CLIENT, new FrameDecoder.Handler() {
      @Override public void onMessageStart(Opcode type, boolean compressed) {}
      @Override public void onMessageData(ByteBuffer payload, boolean last) {
        seen.add(payload.remaining() + "+" + decoder[0].frameRemaining() + (last ? " last" : ""));
      }
      @Override public void onPing(ByteBuffer payload) {
        seen.add("ping " + payload.remaining());
      }
      @Override public void onPong(ByteBuffer payload) {}
      @Override public void onClose(int code, String reason) {}
      @Override public void onError(CloseCode code, String message) {}
    });
    return decoder[0];
  }

  // ---- limits (DecoderConfig, 1009) ----

  @Test
  @DisplayName("a frame over maxFramePayloadBytes fails with 1009 from its header, before its payload arrives")
  void frameOverMaxFramePayloadFailsFromTheHeader() {
    DecoderConfig config = CLIENT.withMaxFramePayloadBytes(1000);
    Recorder r = Recorder.whole(config, "82 7e 03 e9"); // 1001 bytes announced, none sent
    assertThat(r.events).containsExactly("error 1009");
    assertThat(r.lastErrorMessage).contains("1001", "maxFramePayloadBytes");
  }

  @Test
  @DisplayName("a frame of exactly maxFramePayloadBytes is accepted")
  void frameOfExactlyMaxFramePayloadIsAccepted() {
    DecoderConfig config = CLIENT.withMaxFramePayloadBytes(1000);
    byte[] payload = new byte[1000];
    assertThat(Recorder.whole(config, Hex.concat(Hex.bytes("82 7e 03 e8"), payload)).events)
        .containsExactly("start BINARY", "data " + Hex.describe(payload) + " last");
  }

  @Test
  @DisplayName("a 4 GiB frame against the 16 MiB default fails with 1009 from its 64-bit header alone")
  void hugeFrameFailsFromTheHeader() {
    assertThat(Recorder.whole(CLIENT, "82 7f 00 00 00 01 00 00 00 00").events).containsExactly("error 1009");
  }

  @Test
  @DisplayName("a continuation frame over maxFramePayloadBytes fails with 1009 too")
  void continuationOverMaxFramePayloadFails() {
    DecoderConfig config = CLIENT.withMaxFramePayloadBytes(200);
    assertThat(Recorder.whole(config, "02 01 aa  80 7e 00 c9").events)
        .containsExactly("start BINARY", "data aa", "error 1009");
  }

  @Test
  @DisplayName("a message over maxMessageBytes across fragments fails with 1009 at the frame that crosses it")
  void messageOverMaxMessageAcrossFragmentsFails() {
    DecoderConfig config = CLIENT.withMaxMessageBytes(10);
    Recorder r = Recorder.whole(config, "02 06 010203040506  89 00  80 05 0708090a0b");
    assertThat(r.events).containsExactly("start BINARY", "data 010203040506", "ping ", "error 1009");
    assertThat(r.lastErrorMessage).contains("maxMessageBytes");
  }

  @Test
  @DisplayName("a message of exactly maxMessageBytes is accepted, control frames not counting towards it")
  void messageOfExactlyMaxMessageIsAccepted() {
    DecoderConfig config = CLIENT.withMaxMessageBytes(10);
    assertThat(Recorder.whole(config, "02 06 010203040506  89 04 00000000  80 04 0708090a").messages)
        .containsExactly("start BINARY", "ping 00000000", "end 0102030405060708090a");
  }

  @Test
  @DisplayName("a single frame over maxMessageBytes fails even when under maxFramePayloadBytes")
  void singleFrameOverMaxMessageFails() {
    DecoderConfig config = CLIENT.withMaxMessageBytes(4);
    assertThat(Recorder.whole(config, "81 05 48656c6c6f").events).containsExactly("error 1009");
  }

  @Test
  @DisplayName("the message size counter starts again with each message")
  void messageLimitIsPerMessage() {
    DecoderConfig config = CLIENT.withMaxMessageBytes(3);
    assertThat(Recorder.whole(config, "82 03 010203  02 02 0102  80 01 03").messages)
        .containsExactly("start BINARY", "end 010203", "start BINARY", "end 010203");
  }

  @Test
  @DisplayName("DecoderConfig refuses limits that could not hold a control frame or any message")
  void configValidatesLimits() {
    assertThatThrownBy(() -> CLIENT.withMaxFramePayloadBytes(124))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("125");
    assertThatThrownBy(() -> CLIENT.withMaxMessageBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DecoderConfig(null, 125, 1, false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DecoderConfig.of(Role.SERVER)).isEqualTo(
        new DecoderConfig(Role.SERVER, 16 << 20, 16 << 20, false, false));
  }

  // ---- UTF-8 (RFC 6455 §5.6, §8.1, Autobahn 6.x) ----

  @Test
  @DisplayName("RFC 6455 §8.1, Autobahn 6.3.1: invalid UTF-8 in a text message fails with 1007")
  void invalidUtf8InTextIs1007() {
    Recorder r = Recorder.whole(CLIENT, "81 03 61 ff 62");
    assertThat(r.events).containsExactly("start TEXT", "error 1007");
    assertThat(r.lastErrorMessage).contains("UTF-8");
  }

  @Test
  @DisplayName("RFC 6455 §5.6: binary messages are not UTF-8 checked")
  void binaryIsNotUtf8Checked() {
    assertThat(Recorder.whole(CLIENT, "82 03 61 ff c0").events).containsExactly("start BINARY", "data 61ffc0 last");
  }

  @Test
  @DisplayName("Autobahn 6.4.3: bad UTF-8 fails at once, while the rest of its frame has not arrived")
  void invalidUtf8FailsBeforeTheFrameIsComplete() {
    // The header announces 10 bytes; only 3 arrive, and the third is invalid.
    assertThat(Recorder.whole(CLIENT, "81 0a 61 62 ff").events).containsExactly("start TEXT", "error 1007");
  }

  static Stream<Arguments> autobahn64() {
    String part1 = "cebae1bdb9cf83cebcceb5";
    return Stream.of(
        Arguments.of("6.4.1", List.of("01 0b " + part1, "00 04 f4908080", "80 06 656469746564"),
            List.of(List.of("start TEXT", "data " + part1), List.of("error 1007"), List.of())),
        Arguments.of("6.4.2", List.of("01 0c " + part1 + "f4", "00 01 90", "80 08 8080656469746564"),
            List.of(List.of("start TEXT", "data " + part1 + "f4"), List.of("error 1007"), List.of())),
        Arguments.of("6.4.3", List.of("81 15 " + part1, "f4908080", "656469746564"),
            List.of(List.of("start TEXT", "data " + part1), List.of("error 1007"), List.of())),
        Arguments.of("6.4.4", List.of("81 15 " + part1 + "f4", "90", "8080656469746564"),
            List.of(List.of("start TEXT", "data " + part1 + "f4"), List.of("error 1007"), List.of())));
  }

  @ParameterizedTest(name = "Autobahn {0}")
  @MethodSource("autobahn64")
  @DisplayName("Autobahn 6.4.x: invalid UTF-8 fails fast, at the chunk holding the first bad byte")
  void invalidUtf8FailsAtTheChunkHoldingTheBadByte(String caseId, List<String> chunks, List<List<String>> eventsPerChunk) {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    for (int i = 0; i < chunks.size(); i++) {
      int before = r.events.size();
      d.decode(ByteBuffer.wrap(Hex.bytes(chunks.get(i))));
      assertThat(r.events.subList(before, r.events.size())).as("after chunk %d", i).isEqualTo(eventsPerChunk.get(i));
    }
  }

  @Test
  @DisplayName("Autobahn 6.3.2: the chunk before a bad byte is delivered when it arrived in its own buffer")
  void validPrefixIsDeliveredBeforeTheBadChunk() {
    byte[] bytes = Hex.bytes("81 05 61 62 63 ed a0");
    assertThat(Recorder.split(CLIENT, bytes, 5).events).containsExactly("start TEXT", "data 616263", "error 1007");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"81 01 c3", "81 02 e2 82", "81 03 f0 9f 98", "81 04 61 f4 8f bf"})
  @DisplayName("RFC 6455 §8.1, Autobahn 6.6.x: a text message ending inside a UTF-8 sequence fails with 1007")
  void textEndingInsideASequenceIs1007(String fixture) {
    assertThat(Recorder.whole(CLIENT, fixture).events).containsExactly("start TEXT", "error 1007");
  }

  @Test
  @DisplayName("RFC 6455 §8.1: a text message whose final empty continuation leaves a sequence open fails with 1007")
  void finalEmptyContinuationInsideASequenceIs1007() {
    Recorder r = Recorder.whole(CLIENT, "01 01 c3  80 00");
    assertThat(r.events).containsExactly("start TEXT", "data c3", "error 1007");
    assertThat(r.lastErrorMessage).contains("ends inside a UTF-8 sequence");
  }

  @Test
  @DisplayName("RFC 6455 §5.6: a code point may be split across frames and buffers")
  void codePointSplitAcrossFramesIsValid() {
    assertThat(Recorder.whole(CLIENT, "01 01 f0  00 02 9f 98  80 01 80").events)
        .containsExactly("start TEXT", "data f0", "data 9f98", "data 80 last");
    assertThat(Recorder.bytewise(CLIENT, Hex.bytes("81 04 f0 9f 98 80")).messages).containsExactly("start TEXT", "end f09f9880");
  }

  @Test
  @DisplayName("RFC 6455 §8.1: each text message is validated on its own, after a compressed one too")
  void utf8StateStartsFreshWithEachMessage() {
    DecoderConfig deflate = CLIENT.withRsv1Allowed(true);
    // A compressed text message is not checked (its bytes are deflate output), and must not leave
    // state behind that would excuse the lone continuation byte of the next one.
    assertThat(Recorder.whole(deflate, "41 01 e2  80 00  81 01 82").events)
        .containsExactly("start TEXT compressed", "data e2", "data  last", "start TEXT", "error 1007");
  }

  @Test
  @DisplayName("RFC 6455 §5.3: a masked text message is validated after unmasking")
  void maskedTextIsValidatedUnmasked() {
    DecoderConfig server = DecoderConfig.of(Role.SERVER);
    // c3 a9 ("é") masked with key 80 80 00 00 is 43 29: invalid UTF-8 unless unmasked first.
    assertThat(Recorder.whole(server, "81 82 80800000 43 29").events).containsExactly("start TEXT", "data c3a9 last");
    // 80 masked with the same key is 00: valid ASCII if the check forgot to unmask.
    assertThat(Recorder.whole(server, "81 81 80800000 00").events).containsExactly("start TEXT", "error 1007");
  }

  // ---- close frames (RFC 6455 §5.5.1, §7.4, Autobahn 7.x) ----

  @Test
  @DisplayName("RFC 6455 §7.1.5, Autobahn 7.3.1: a close frame with no body reports 1005 and an empty reason")
  void closeWithoutBodyReports1005() {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    d.decode(ByteBuffer.wrap(Hex.bytes("88 00")));
    assertThat(r.events).containsExactly("close 1005 ");
    assertThat(d.isTerminated()).isTrue();
  }

  @Test
  @DisplayName("RFC 6455 §5.5.1, Autobahn 7.3.2: a close frame with a 1-byte body is a protocol error")
  void closeWithOneByteBodyIsProtocolError() {
    assertThat(Recorder.whole(CLIENT, "88 01 03").events).containsExactly("error 1002");
  }

  @Test
  @DisplayName("RFC 6455 §5.5.1, Autobahn 7.3.3/7.3.4: a close frame with a code and a UTF-8 reason")
  void closeWithCodeAndReason() {
    assertThat(Recorder.whole(CLIENT, "88 02 03 e8").events).containsExactly("close 1000 ");
    assertThat(Recorder.whole(CLIENT, "88 07 03 e9 62 79 65 c3 a9").events).containsExactly("close 1001 byeé");
  }

  @Test
  @DisplayName("Autobahn 7.3.5: a close reason of 123 bytes is accepted")
  void closeWithMaximalReason() {
    String reason = "é".repeat(61) + "x"; // 123 bytes of UTF-8
    byte[] body = Hex.concat(Hex.bytes("0fa0"), reason.getBytes(StandardCharsets.UTF_8));
    assertThat(Recorder.whole(CLIENT, Hex.concat(Hex.bytes("88 7d"), body)).events).containsExactly("close 4000 " + reason);
  }

  @Test
  @DisplayName("Autobahn 7.3.6: a close reason of 124 bytes makes the frame too long: protocol error")
  void closeWithTooLongReason() {
    byte[] body = Hex.concat(Hex.bytes("03e8"), "x".repeat(124).getBytes(StandardCharsets.US_ASCII));
    assertThat(Recorder.whole(CLIENT, Hex.concat(Hex.bytes("88 7e 00 7e"), body)).events).containsExactly("error 1002");
  }

  @ParameterizedTest(name = "code {0}")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  @DisplayName("RFC 6455 §7.4, Autobahn 7.9.x: a close code that may not be sent is a protocol error")
  void invalidCloseCodeIsProtocolError(int code) {
    Recorder r = Recorder.whole(CLIENT, new byte[] {(byte) 0x88, 2, (byte) (code >> 8), (byte) code});
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains(Integer.toString(code));
  }

  static Stream<Integer> validCloseCodes() {
    List<Integer> codes = new ArrayList<>(List.of(1000, 1001, 1002, 1003));
    for (int c = 1007; c <= 1014; c++) {
      codes.add(c);
    }
    codes.addAll(List.of(3000, 3999, 4000, 4999));
    return codes.stream();
  }

  @ParameterizedTest(name = "code {0}")
  @MethodSource("validCloseCodes")
  @DisplayName("RFC 6455 §7.4, Autobahn 7.7.x: every close code that may be sent is accepted")
  void validCloseCodeIsAccepted(int code) {
    Recorder r = Recorder.whole(CLIENT, new byte[] {(byte) 0x88, 2, (byte) (code >> 8), (byte) code});
    assertThat(r.events).containsExactly("close " + code + " ");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"88 04 03 e8 ff fe", "88 03 03 e8 c3", "88 05 03 e8 ed a0 80", "88 0a 03e8 cebae1bdb9cf83cebc ff"})
  @DisplayName("RFC 6455 §5.5.1, Autobahn 7.5.1: a close reason that is not UTF-8 fails with 1007")
  void closeReasonInvalidUtf8Is1007(String fixture) {
    assertThat(Recorder.whole(CLIENT, fixture).events).containsExactly("error 1007");
  }

  @Test
  @DisplayName("RFC 6455 §5.5.1: after a close frame the decoder ignores everything, even garbage")
  void bytesAfterCloseAreIgnored() {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    d.decode(ByteBuffer.wrap(Hex.bytes("88 02 03 e8  81 05 48656c6c6f  ff ff")));
    d.decode(ByteBuffer.wrap(Hex.bytes("89 00 ff ff ff")));
    assertThat(r.events).containsExactly("close 1000 ");
    assertThat(d.isTerminated()).isTrue();
  }

  @Test
  @DisplayName("RFC 6455 §5.4: a close frame may arrive in the middle of a fragmented message")
  void closeInsideAFragmentedMessageIsDelivered() {
    assertThat(Recorder.whole(CLIENT, "01 01 61  88 02 03 e8  80 01 62").events)
        .containsExactly("start TEXT", "data 61", "close 1000 ");
  }

  @Test
  @DisplayName("RFC 6455 §5.5.1: a masked close frame split in every place is unmasked and decoded")
  void maskedCloseSplitAnywhere() {
    DecoderConfig server = DecoderConfig.of(Role.SERVER);
    byte[] frame = Hex.bytes("88 85 01020304 02 ea 61 7d 64"); // 1000 "bye", key 01 02 03 04
    List<String> whole = Recorder.whole(server, frame).events;
    assertThat(whole).containsExactly("close 1000 bye");
    for (int cut = 1; cut < frame.length; cut++) {
      assertThat(Recorder.split(server, frame, cut).events).as("cut at %d", cut).isEqualTo(whole);
    }
    assertThat(Recorder.bytewise(server, frame).events).isEqualTo(whole);
  }

  @Test
  @DisplayName("an error is reported once, and nothing is delivered after it")
  void nothingAfterAnError() {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(CLIENT, r);
    d.decode(ByteBuffer.wrap(Hex.bytes("89 7e 00 7e")));
    d.decode(ByteBuffer.wrap(Hex.bytes("81 01 61 88 00")));
    assertThat(r.events).containsExactly("error 1002");
    assertThat(d.isTerminated()).isTrue();
    assertThat(d.isInMessage()).isFalse();
  }
}
