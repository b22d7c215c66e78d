package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Frames as bytes and hex, for building input and checking output byte for byte. Stateless. */
final class Wire {

  /** The masking key of RFC 6455 §5.7's examples. */
  static final int MASK_KEY = 0x37fa213d;

  private static final HexFormat HEX = HexFormat.of();

  private Wire() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static String hex(String utf8) {
    return hex(utf8(utf8));
  }

  static byte[] unhex(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  /** One frame as a peer sends it: masked with {@link #MASK_KEY} when the peer is a client. */
  static byte[] frame(boolean fin, Opcode op, byte[] payload, boolean masked) {
    return frame(fin, false, op, payload, masked);
  }

  /** One frame with RSV1 as {@code rsv1}, the permessage-deflate "compressed" bit (RFC 7692 §6). */
  static byte[] frame(boolean fin, boolean rsv1, Opcode op, byte[] payload, boolean masked) {
    ByteBuffer b = FrameEncoder.encode(fin, rsv1, op, ByteBuffer.wrap(payload), masked, MASK_KEY);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** A frame with the reserved opcode 0x3 (RFC 6455 §5.2) and no payload. */
  static byte[] reservedOpcodeFrame(boolean masked) {
    return masked ? new byte[] {(byte) 0x83, (byte) 0x80, 0x37, (byte) 0xfa, 0x21, 0x3d} : new byte[] {(byte) 0x83, 0};
  }

  /** The hex of an unmasked close frame, as we write it (compare with {@link #unmaskedHex}). */
  static String closeFrameHex(int code, String reason) {
    return hex(frame(true, Opcode.CLOSE, closePayload(code, reason), false));
  }

  static byte[] closePayload(int code, String reason) {
    return FrameEncoder.closePayload(code, reason);
  }

  static ByteBuf buffer(byte[]... parts) {
    ByteBuf buf = Unpooled.buffer();
    for (byte[] p : parts) {
      buf.writeBytes(p);
    }
    return buf;
  }

  /**
   * The hex of one frame written by us, with the mask removed: the header with the MASK bit
   * cleared and the key dropped, then the unmasked payload. Asserts the MASK bit is {@code masked}
   * (RFC 6455 §5.1: clients mask every frame, servers none).
   */
  static String unmaskedHex(ByteBuf frame, boolean masked) {
    byte[] b = ByteBufUtil.getBytes(frame);
    boolean maskBit = (b[1] & 0x80) != 0;
    assertThat(maskBit).as("MASK bit of %s", hex(b)).isEqualTo(masked);
    if (!masked) {
      return hex(b);
    }
    int len7 = b[1] & 0x7F;
    int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    int keyAt = 2 + lengthBytes;
    byte[] key = {b[keyAt], b[keyAt + 1], b[keyAt + 2], b[keyAt + 3]};
    byte[] out = new byte[b.length - 4];
    System.arraycopy(b, 0, out, 0, keyAt);
    out[1] = (byte) (b[1] & 0x7F);
    for (int i = keyAt + 4; i < b.length; i++) {
      int j = i - keyAt - 4;
      out[keyAt + j] = (byte) (b[i] ^ key[j & 3]);
    }
    return hex(out);
  }

  /** The whole frames one after another in {@code bytes} (RFC 6455 §5.2 lengths); a partial tail is one more item. */
  static java.util.List<byte[]> splitFrames(byte[] bytes) {
    java.util.List<byte[]> frames = new java.util.ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int end = bytes.length;
      if (bytes.length - at >= 2) {
        int len7 = bytes[at + 1] & 0x7F;
        int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        long len = len7 < 126 ? len7 : 0;
        for (int i = 0; i < lengthBytes && at + 2 + i < bytes.length; i++) {
          len = (len << 8) | (bytes[at + 2 + i] & 0xFF);
        }
        long frameEnd = at + 2L + lengthBytes + ((bytes[at + 1] & 0x80) != 0 ? 4 : 0) + len;
        end = (int) Math.min(bytes.length, frameEnd);
      }
      frames.add(java.util.Arrays.copyOfRange(bytes, at, end));
      at = end;
    }
    return frames;
  }
}
