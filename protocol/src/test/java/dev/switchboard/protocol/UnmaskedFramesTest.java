package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The explicit relaxation of RFC 6455 §5.1 for trusted peers: a client that sends unmasked frames
 * ({@link EncoderConfig#sendUnmasked()}) and a server that accepts them ({@link
 * DecoderConfig#acceptUnmasked()}); both off by default.
 */
class UnmaskedFramesTest {

  /** "Hello" masked with key 37 fa 21 3d, as in RFC 6455 §5.7. */
  private static final String MASKED_HELLO = "81 85 37 fa 21 3d 7f 9f 4d 51 58";
  private static final String UNMASKED_HELLO = "81 05 48 65 6c 6c 6f";
  private static final int KEY = 0x37fa213d;

  private static String encode(EncoderConfig config, String text) {
    ByteBuffer payload = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    return Hex.hex(FrameEncoder.encode(config, true, false, Opcode.TEXT, payload, KEY));
  }

  @Test
  @DisplayName("RFC 6455 §5.1, §5.7: by default a client masks (the RFC's masked \"Hello\") and a server does not")
  void defaultsMaskAsTheRfcSays() {
    assertThat(EncoderConfig.of(Role.CLIENT).masks()).isTrue();
    assertThat(EncoderConfig.of(Role.SERVER).masks()).isFalse();
    assertThat(encode(EncoderConfig.of(Role.CLIENT), "Hello")).isEqualTo(Hex.hex(Hex.bytes(MASKED_HELLO)));
    assertThat(encode(EncoderConfig.of(Role.SERVER), "Hello")).isEqualTo(Hex.hex(Hex.bytes(UNMASKED_HELLO)));
    assertThat(DecoderConfig.of(Role.SERVER).acceptUnmasked()).isFalse();
  }

  @Test
  @DisplayName("sendUnmasked: a client writes the RFC 6455 §5.7 unmasked \"Hello\", no mask bit, no key")
  void unmaskedClientWritesNoMask() {
    EncoderConfig unmasked = EncoderConfig.of(Role.CLIENT).withSendUnmasked(true);
    assertThat(unmasked.masks()).isFalse();
    assertThat(encode(unmasked, "Hello")).isEqualTo(Hex.hex(Hex.bytes(UNMASKED_HELLO)));
    assertThat(unmasked.withSendUnmasked(false).masks()).isTrue();
  }

  @Test
  @DisplayName("sendUnmasked is refused for a server, which never masks (RFC 6455 §5.1)")
  void serverCannotBeToldToSendUnmasked() {
    assertThatThrownBy(() -> EncoderConfig.of(Role.SERVER).withSendUnmasked(true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clients only");
    assertThatThrownBy(() -> new EncoderConfig(null, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("RFC 6455 §5.1: a default server fails an unmasked client's first frame with 1002")
  void defaultServerFailsAnUnmaskedClient() {
    String wire = encode(EncoderConfig.of(Role.CLIENT).withSendUnmasked(true), "Hello");
    Recorder r = Recorder.whole(DecoderConfig.of(Role.SERVER), wire);
    assertThat(r.events).containsExactly("error 1002");
    assertThat(r.lastErrorMessage).contains("masked");
  }

  @Test
  @DisplayName("acceptUnmasked: a server decodes an unmasked client, and masked frames still, interleaved")
  void lenientServerDecodesUnmaskedAndMasked() {
    DecoderConfig lenient = DecoderConfig.of(Role.SERVER).withAcceptUnmasked(true);
    String unmasked = encode(EncoderConfig.of(Role.CLIENT).withSendUnmasked(true), "Hello");
    String masked = encode(EncoderConfig.of(Role.CLIENT), "Hello");
    // An unmasked close 1000 "" and an unmasked ping between the messages, as such a client sends them.
    Recorder r = Recorder.whole(lenient, unmasked + " 89 00 " + masked + " 88 02 03 e8");
    assertThat(r.events).containsExactly(
        "start TEXT", "data 48656c6c6f last", "ping ", "start TEXT", "data 48656c6c6f last", "close 1000 ");
  }
}
