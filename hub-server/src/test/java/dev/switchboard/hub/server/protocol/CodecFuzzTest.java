package dev.switchboard.hub.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Arbitrary input never makes a decoder throw anything but {@link ClientMessageException}. */
class CodecFuzzTest {

  @Property(tries = 2000)
  void arbitraryBytesOnEverySubprotocol(@ForAll byte[] frame, @ForAll boolean isText) {
    for (Subprotocol p : Subprotocol.values()) {
      decodeOrOwnException(ClientCodec.of(p), frame, isText);
    }
  }

  @Property(tries = 2000)
  void jsonShapedStrings(@ForAll("jsonish") String text) {
    decodeOrOwnException(ClientCodec.of(Subprotocol.JSON_RELIABLE), text.getBytes(StandardCharsets.UTF_8), true);
  }

  @Property(tries = 1000)
  void mutatedValidProtobufFrames(@ForAll("mutated") byte[] frame) {
    decodeOrOwnException(ClientCodec.of(Subprotocol.PROTOBUF_RELIABLE), frame, false);
  }

  /** Fragments of real messages glued at random: mostly near-valid JSON. */
  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"type\"", "\"joinGroup\"", "\"sendToGroup\"", "\"event\"",
            "\"group\"", "\"g\"", "\"ackId\"", "1", "-1", "1e400", "18446744073709551616", "\"dataType\"", "\"binary\"",
            "\"text\"", "\"json\"", "\"protobuf\"", "\"data\"", "\"AA==\"", "null", "true", "\"noEcho\"", "\"sequenceAck\"",
            "\"sequenceId\"", "\"ping\"", "\"invoke\"", "\"event\"", "\"\\u0000\"", " ")
        .list().ofMaxSize(30).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    byte[] valid = ProtobufCodecTest.msg("UpstreamMessage", "send_to_group_message",
        ProtobufCodecTest.msg("SendToGroupMessage", "group", "g", "ack_id", 1L,
            "data", ProtobufCodecTest.msg("MessageData", "text_data", "hello"), "no_echo", true)).toByteArray();
    return Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(4)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
          byte[] copy = valid.clone();
          for (int i = 0; i < positions.size(); i++) {
            copy[positions.get(i)] = values.get(i);
          }
          return copy;
        }));
  }

  private static void decodeOrOwnException(ClientCodec codec, byte[] frame, boolean isText) {
    try {
      ClientMessage m = codec.decode(frame, isText);
      assertThat(m).isNotNull();
    } catch (ClientMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
