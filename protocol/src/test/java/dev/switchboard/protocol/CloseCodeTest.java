package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The close code registry (RFC 6455 §7.4) and opcode table (§5.2). */
class CloseCodeTest {

  @Test
  @DisplayName("RFC 6455 §7.4: exactly 1000-1003, 1007-1014 and 3000-4999 may travel in a close frame")
  void validOnWireRanges() {
    for (int code = -1; code <= 70000; code++) {
      boolean expected = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
      assertThat(CloseCode.isValidOnWire(code)).as("code %d", code).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("RFC 6455 §7.4.1: each constant has its registered number and fromCode finds it")
  void constantsMatchTheRegistry() {
    assertThat(CloseCode.PROTOCOL_ERROR.code()).isEqualTo(1002);
    assertThat(CloseCode.INVALID_PAYLOAD_DATA.code()).isEqualTo(1007);
    assertThat(CloseCode.MESSAGE_TOO_BIG.code()).isEqualTo(1009);
    assertThat(CloseCode.NO_STATUS_RECEIVED.code()).isEqualTo(1005);
    for (CloseCode c : CloseCode.values()) {
      assertThat(CloseCode.fromCode(c.code())).isSameAs(c);
      boolean localOnly = c == CloseCode.NO_STATUS_RECEIVED || c == CloseCode.ABNORMAL_CLOSURE || c == CloseCode.TLS_HANDSHAKE_FAILURE;
      assertThat(CloseCode.isValidOnWire(c.code())).as(c.name()).isEqualTo(!localOnly);
    }
    assertThat(CloseCode.fromCode(1004)).isNull();
    assertThat(CloseCode.fromCode(3000)).isNull();
  }

  @Test
  @DisplayName("RFC 6455 §5.2: opcodes map to their 4-bit values, reserved ones to null, and control is 0x8 and up")
  void opcodes() {
    for (int code = -1; code <= 16; code++) {
      Opcode op = Opcode.fromCode(code);
      boolean defined = code == 0 || code == 1 || code == 2 || code == 8 || code == 9 || code == 10;
      assertThat(op != null).as("code %d", code).isEqualTo(defined);
      if (op != null) {
        assertThat(op.code()).isEqualTo(code);
        assertThat(op.isControl()).isEqualTo(code >= 8);
      }
    }
    assertThat(Role.CLIENT.masksOutgoing()).isTrue();
    assertThat(Role.SERVER.masksOutgoing()).isFalse();
  }
}
