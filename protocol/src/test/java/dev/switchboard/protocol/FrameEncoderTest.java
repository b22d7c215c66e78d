package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact bytes of frame headers (RFC 6455 §5.2) and close payloads (§5.5.1). */
class FrameEncoderTest {

  static final int KEY = 0x37fa213d;

  static String header(boolean fin, boolean rsv1, Opcode op, long length, boolean masked, int key) {
    ByteBuffer b = ByteBuffer.allocate(20);
    int n = FrameEncoder.writeHeader(b, 3, fin, rsv1, op, length, masked, key);
    assertThat(n).isEqualTo(FrameEncoder.headerLength(length, masked));
    assertThat(b.position()).isZero();
    assertThat(b.limit()).isEqualTo(20);
    assertThat(b.get(2)).as("nothing written before index").isZero();
    assertThat(b.get(3 + n)).as("nothing written after the header").isZero();
    byte[] out = new byte[n];
    b.get(3, out);
    return Hex.hex(out);
  }

  @ParameterizedTest(name = "length {0}")
  @CsvSource({
      "0, 8200, 8280cafebabe",
      "125, 827d, 82fdcafebabe",
      "126, 827e007e, 82fe007ecafebabe",
      "65535, 827effff, 82feffffcafebabe",
      "65536, 827f0000000000010000, 82ff0000000000010000cafebabe",
      "4294967296, 827f0000000100000000, 82ff0000000100000000cafebabe",
      "9223372036854775807, 827f7fffffffffffffff, 82ff7fffffffffffffffcafebabe"})
  @DisplayName("RFC 6455 §5.2: header bytes for 7-, 16- and 64-bit lengths, unmasked and masked")
  void headerBytesForEveryLengthEncoding(long length, String unmasked, String masked) {
    assertThat(header(true, false, Opcode.BINARY, length, false, 0xcafebabe)).isEqualTo(unmasked);
    assertThat(header(true, false, Opcode.BINARY, length, true, 0xcafebabe)).isEqualTo(masked);
  }

  @ParameterizedTest(name = "length {0}")
  @CsvSource({"0, 2, 6", "125, 2, 6", "126, 4, 8", "65535, 4, 8", "65536, 10, 14", "4294967296, 10, 14"})
  @DisplayName("RFC 6455 §5.2: headerLength is 2, 4 or 10 bytes, plus 4 for a mask key")
  void headerLengths(long length, int unmasked, int masked) {
    assertThat(FrameEncoder.headerLength(length, false)).isEqualTo(unmasked);
    assertThat(FrameEncoder.headerLength(length, true)).isEqualTo(masked);
    assertThat(FrameEncoder.MAX_HEADER_BYTES).isEqualTo(14);
  }

  @Test
  @DisplayName("RFC 6455 §5.2: FIN, RSV1 and the opcode share the first byte")
  void firstByteBits() {
    assertThat(header(false, false, Opcode.TEXT, 3, false, 0)).isEqualTo("0103");
    assertThat(header(false, false, Opcode.CONTINUATION, 3, false, 0)).isEqualTo("0003");
    assertThat(header(true, false, Opcode.CONTINUATION, 3, false, 0)).isEqualTo("8003");
    assertThat(header(true, true, Opcode.TEXT, 7, false, 0)).isEqualTo("c107");
    assertThat(header(false, true, Opcode.BINARY, 7, false, 0)).isEqualTo("4207");
    assertThat(header(true, false, Opcode.CLOSE, 0, false, 0)).isEqualTo("8800");
    assertThat(header(true, false, Opcode.PING, 125, true, KEY)).isEqualTo("89fd37fa213d");
    assertThat(header(true, false, Opcode.PONG, 5, true, KEY)).isEqualTo("8a8537fa213d");
  }

  @Test
  @DisplayName("RFC 6455 §5.7: encode reproduces the unmasked and masked \"Hello\" frames")
  void encodeRfcExamples() {
    ByteBuffer hello = ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(Hex.hex(FrameEncoder.encode(true, false, Opcode.TEXT, hello, false, 0))).isEqualTo("810548656c6c6f");
    assertThat(Hex.hex(FrameEncoder.encode(true, false, Opcode.TEXT, hello, true, KEY)))
        .isEqualTo("818537fa213d7f9f4d5158");
    assertThat(Hex.hex(FrameEncoder.encode(false, false, Opcode.TEXT, ByteBuffer.wrap(Hex.bytes("48656c")), false, 0)))
        .isEqualTo("010348656c");
    assertThat(Hex.hex(FrameEncoder.encode(true, false, Opcode.PONG, hello, true, KEY))).isEqualTo("8a8537fa213d7f9f4d5158");
    assertThat(hello.position()).as("payload not consumed").isZero();
  }

  @Test
  @DisplayName("RFC 6455 §5.7: encode writes 256 and 65536 bytes behind 16- and 64-bit lengths")
  void encodeLongPayloads() {
    for (int n : new int[] {256, 65536}) {
      byte[] payload = FrameDecoderFramingTest.pattern(n);
      ByteBuffer frame = FrameEncoder.encode(true, false, Opcode.BINARY, ByteBuffer.wrap(payload), false, 0);
      byte[] bytes = Hex.copy(frame);
      String head = n == 256 ? "827e0100" : "827f0000000000010000";
      assertThat(Hex.hex(Arrays.copyOf(bytes, head.length() / 2))).isEqualTo(head);
      assertThat(Arrays.copyOfRange(bytes, head.length() / 2, bytes.length)).isEqualTo(payload);
    }
  }

  @Test
  @DisplayName("RFC 6455 §5.3: an encoded masked frame carries the payload masked from key byte 0")
  void encodeMasksWholePayload() {
    byte[] payload = FrameDecoderFramingTest.pattern(300);
    ByteBuffer frame = FrameEncoder.encode(true, false, Opcode.BINARY, ByteBuffer.wrap(payload), true, KEY);
    byte[] bytes = Hex.copy(frame);
    assertThat(bytes).hasSize(8 + 300);
    assertThat(Arrays.copyOfRange(bytes, 8, bytes.length)).isEqualTo(MaskingTest.reference(payload, KEY, 0));
  }

  @ParameterizedTest
  @EnumSource(value = Opcode.class, names = {"CLOSE", "PING", "PONG"})
  @DisplayName("RFC 6455 §5.5: a control frame over 125 bytes, fragmented or with RSV1 is a caller error")
  void invalidControlFramesThrow(Opcode op) {
    ByteBuffer b = ByteBuffer.allocate(20);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(b, 0, true, false, op, 126, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("125");
    assertThatThrownBy(() -> FrameEncoder.writeHeader(b, 0, false, false, op, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("final");
    assertThatThrownBy(() -> FrameEncoder.writeHeader(b, 0, true, true, op, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FrameEncoder.encode(true, false, op, ByteBuffer.allocate(126), true, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FrameEncoder.writeHeader(b, 0, true, false, op, 125, false, 0)).isEqualTo(2);
  }

  @Test
  @DisplayName("writeHeader refuses a negative length and a buffer without room for the header")
  void writeHeaderArgumentChecks() {
    assertThatThrownBy(() -> FrameEncoder.writeHeader(ByteBuffer.allocate(20), 0, true, false, Opcode.BINARY, -1, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    ByteBuffer small = ByteBuffer.allocate(13);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(small, 0, true, false, Opcode.BINARY, 70000, true, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14");
    assertThat(small.array()).containsOnly(0);
    ByteBuffer limited = ByteBuffer.allocate(20).limit(5);
    assertThatThrownBy(() -> FrameEncoder.writeHeader(limited, 2, true, false, Opcode.BINARY, 126, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- close payloads (RFC 6455 §5.5.1, §7.4) ----

  @Test
  @DisplayName("RFC 6455 §5.5.1: a close payload is the big-endian code followed by the UTF-8 reason")
  void closePayloadBytes() {
    assertThat(Hex.hex(FrameEncoder.closePayload(1000, ""))).isEqualTo("03e8");
    assertThat(Hex.hex(FrameEncoder.closePayload(1000, null))).isEqualTo("03e8");
    assertThat(Hex.hex(FrameEncoder.closePayload(4999, "byé"))).isEqualTo("13876279c3a9");
  }

  @ParameterizedTest(name = "code {0}")
  @ValueSource(ints = {-1, 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535, 65536 + 1000})
  @DisplayName("RFC 6455 §7.4: a close code that may not be sent is a caller error, naming the allowed ranges")
  void closePayloadRejectsInvalidCodes(int code) {
    assertThatThrownBy(() -> FrameEncoder.closePayload(code, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(code))
        .hasMessageContaining("1000-1003, 1007-1014 or 3000-4999");
  }

  @Test
  @DisplayName("RFC 6455 §5.5: a 124-byte reason does not fit a close frame; the message says the limit")
  void closePayloadRejectsLongReason() {
    assertThatThrownBy(() -> FrameEncoder.closePayload(1000, "x".repeat(124)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("124 bytes").hasMessageContaining("123");
    // 62 two-byte characters: 62 chars but 124 bytes.
    assertThatThrownBy(() -> FrameEncoder.closePayload(1000, "é".repeat(62)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("124 bytes");
  }

  @Test
  @DisplayName("RFC 6455 §5.5: a reason of exactly 123 bytes of multi-byte UTF-8 fits")
  void closePayloadAcceptsMaximalMultiByteReason() {
    String reason = "€".repeat(41); // 3 bytes each
    byte[] payload = FrameEncoder.closePayload(1001, reason);
    assertThat(payload).hasSize(125);
    assertThat(new String(payload, 2, 123, StandardCharsets.UTF_8)).isEqualTo(reason);
    assertThat(FrameEncoder.closePayload(3000, "x".repeat(FrameEncoder.MAX_CLOSE_REASON_BYTES))).hasSize(125);
  }

  @Test
  @DisplayName("RFC 6455 §5.5.1: a reason that cannot be encoded as UTF-8 (a lone surrogate) is a caller error")
  void closePayloadRejectsUnencodableReason() {
    assertThatThrownBy(() -> FrameEncoder.closePayload(1000, "a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
  }

  @Test
  @DisplayName("RFC 6455 §5.5.1: a close frame built from closePayload decodes to its code and reason")
  void closePayloadDecodes() {
    byte[] body = FrameEncoder.closePayload(1013, "later");
    ByteBuffer frame = FrameEncoder.encode(true, false, Opcode.CLOSE, ByteBuffer.wrap(body), true, KEY);
    assertThat(Recorder.whole(DecoderConfig.of(Role.SERVER), Hex.copy(frame)).events).containsExactly("close 1013 later");
  }
}
