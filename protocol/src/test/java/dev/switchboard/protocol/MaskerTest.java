package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decoder unmasks with the {@link Masker} it was given, and the default is {@link Masking#maskInPlace}. */
class MaskerTest {

  private static final int KEY = 0x37fa213d;

  @Test
  void theDecoderUnmasksDataAndControlPayloadsWithItsMaskerAndDecodesAsWithTheDefault() {
    ByteBuffer frames = ByteBuffer.allocate(512);
    frames.put(FrameEncoder.encode(false, false, Opcode.TEXT, ByteBuffer.wrap("Hello, ".getBytes()), true, KEY));
    frames.put(FrameEncoder.encode(true, false, Opcode.PING, ByteBuffer.wrap("ping".getBytes()), true, KEY));
    frames.put(FrameEncoder.encode(true, false, Opcode.CONTINUATION, ByteBuffer.wrap("world".getBytes()), true, KEY));
    byte[] wire = new byte[frames.flip().remaining()];
    frames.get(wire);

    List<String> calls = new ArrayList<>();
    Masker recording = (buf, from, to, key, offset) -> {
      calls.add((to - from) + " bytes from key byte " + offset);
      return Masker.DEFAULT.maskInPlace(buf, from, to, key, offset);
    };
    Recorder viaMasker = new Recorder();
    new FrameDecoder(DecoderConfig.of(Role.SERVER), viaMasker, recording).decode(ByteBuffer.wrap(wire.clone()));
    Recorder viaDefault = new Recorder();
    new FrameDecoder(DecoderConfig.of(Role.SERVER), viaDefault).decode(ByteBuffer.wrap(wire.clone()));

    assertThat(calls).containsExactly("7 bytes from key byte 0", "4 bytes from key byte 0", "5 bytes from key byte 0");
    assertThat(viaMasker.events).isEqualTo(viaDefault.events).isNotEmpty();
    assertThat(viaMasker.messages).isEqualTo(viaDefault.messages)
        .containsExactly("start TEXT", "ping " + Hex.hex(ByteBuffer.wrap("ping".getBytes())), "end " + Hex.hex(ByteBuffer.wrap("Hello, world".getBytes())));
  }

  @Test
  void aDataPayloadSplitAcrossBuffersIsUnmaskedPieceByPieceWithTheRunningKeyOffset() {
    byte[] wire = toArray(FrameEncoder.encode(true, false, Opcode.BINARY, ByteBuffer.wrap(new byte[10]), true, KEY));
    List<String> calls = new ArrayList<>();
    Masker recording = (buf, from, to, key, offset) -> {
      calls.add((to - from) + "@" + offset);
      return Masker.DEFAULT.maskInPlace(buf, from, to, key, offset);
    };
    FrameDecoder decoder = new FrameDecoder(DecoderConfig.of(Role.SERVER), new Recorder(), recording);
    decoder.decode(ByteBuffer.wrap(wire, 0, 6 + 3).slice());
    decoder.decode(ByteBuffer.wrap(wire, 9, 7).slice());
    assertThat(calls).containsExactly("3@0", "7@3");
  }

  @Test
  void theDefaultIsMaskingMaskInPlaceAndANullMaskerIsRefused() {
    byte[] data = MaskingTest.random(37, 5);
    ByteBuffer a = ByteBuffer.wrap(data.clone());
    ByteBuffer b = ByteBuffer.wrap(data.clone());
    assertThat(Masker.DEFAULT.maskInPlace(a, 3, 30, KEY, 1)).isEqualTo(Masking.maskInPlace(b, 3, 30, KEY, 1));
    assertThat(a).isEqualTo(b);
    assertThatThrownBy(() -> new FrameDecoder(DecoderConfig.of(Role.SERVER), new Recorder(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masker");
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
