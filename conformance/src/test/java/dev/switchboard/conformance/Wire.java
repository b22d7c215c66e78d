package dev.switchboard.conformance;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Server-to-client frames as raw bytes (unmasked, RFC 6455 §5.1). Well-formed frames come from
 * our encoder; deliberately broken ones (reserved bits and opcodes, oversized or fragmented
 * control frames) are built by {@link #raw}, which no encoder would produce. Stateless.
 */
final class Wire {

  static final int TEXT = Opcode.TEXT.code();
  static final int BINARY = Opcode.BINARY.code();
  static final int CONTINUATION = Opcode.CONTINUATION.code();
  static final int CLOSE = Opcode.CLOSE.code();
  static final int PING = Opcode.PING.code();
  static final int PONG = Opcode.PONG.code();

  private Wire() {}

  /** A well-formed frame, encoded by {@link FrameEncoder}. */
  static byte[] frame(boolean fin, Opcode opcode, byte[] payload) {
    return bytes(FrameEncoder.encode(fin, false, opcode, ByteBuffer.wrap(payload), false, 0));
  }

  /**
   * Any frame at all: the first byte is put together from {@code fin}, the three RSV bits and a
   * 4-bit opcode, whatever they mean; the length is encoded minimally, even past 125 bytes for a
   * control opcode.
   */
  static byte[] raw(boolean fin, int rsv, int opcode, byte[] payload) {
    // The length encoding of a binary frame is right for any opcode; only the first byte differs.
    byte[] b = frame(true, Opcode.BINARY, payload);
    b[0] = (byte) ((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
    return b;
  }

  static byte[] text(String text) {
    return frame(true, Opcode.TEXT, utf8(text));
  }

  static byte[] text(boolean fin, byte[] payload) {
    return frame(fin, Opcode.TEXT, payload);
  }

  static byte[] binary(boolean fin, byte[] payload) {
    return frame(fin, Opcode.BINARY, payload);
  }

  static byte[] cont(boolean fin, byte[] payload) {
    return frame(fin, Opcode.CONTINUATION, payload);
  }

  static byte[] cont(boolean fin, String text) {
    return cont(fin, utf8(text));
  }

  static byte[] ping(byte[] payload) {
    return raw(true, 0, PING, payload);
  }

  static byte[] ping(String payload) {
    return ping(utf8(payload));
  }

  static byte[] pong(byte[] payload) {
    return raw(true, 0, PONG, payload);
  }

  /** A close frame with a 2-byte code (any value, valid or not) and a UTF-8 reason. */
  static byte[] close(int code, String reason) {
    return closeWithBody(concat(new byte[] {(byte) (code >>> 8), (byte) code}, utf8(reason)));
  }

  /** A close frame with exactly {@code body} as payload, whatever its length. */
  static byte[] closeWithBody(byte[] body) {
    return raw(true, 0, CLOSE, body);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes from hex digits; spaces are ignored. */
  static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replace(" ", ""));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * Exactly {@code length} bytes of valid UTF-8 mixing 1- to 4-byte characters (so that frame
   * and read boundaries fall inside characters), padded with ASCII at the end.
   */
  static byte[] mixedText(int length) {
    byte[] unit = utf8("Hello κόσμε \u20ac \ud83c\udf0d ");
    byte[] out = new byte[length];
    int n = 0;
    while (n + unit.length <= length) {
      System.arraycopy(unit, 0, out, n, unit.length);
      n += unit.length;
    }
    Arrays.fill(out, n, length, (byte) '*');
    return out;
  }

  /** The payloads of {@code payload} cut into pieces of {@code size} bytes (the last may be shorter). */
  static byte[][] pieces(byte[] payload, int size) {
    int count = Math.max(1, (payload.length + size - 1) / size);
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = Arrays.copyOfRange(payload, Math.min(payload.length, i * size), Math.min(payload.length, (i + 1) * size));
    }
    return out;
  }

  /**
   * One message as a sequence of frames: the first with {@code opcode}, the rest continuations,
   * FIN on the last, each carrying one of {@code payloads}.
   */
  static byte[][] fragmented(Opcode opcode, byte[]... payloads) {
    byte[][] frames = new byte[payloads.length][];
    for (int i = 0; i < payloads.length; i++) {
      frames[i] = frame(i == payloads.length - 1, i == 0 ? opcode : Opcode.CONTINUATION, payloads[i]);
    }
    return frames;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
