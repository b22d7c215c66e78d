package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes frame headers and close payloads (RFC 6455 §5.2, §5.5.1). Stateless and thread-safe.
 *
 * <p>The header methods write at an absolute index and allocate nothing, so a transport can
 * write a header straight into its own buffer and the payload behind it. The frame layout is
 * drawn on {@link FrameDecoder}.
 */
public final class FrameEncoder {

  /** The longest header: 2 bytes, a 64-bit length and a mask key. */
  public static final int MAX_HEADER_BYTES = 14;

  /** The longest close reason that fits a control frame: 125 bytes less the 2-byte code. */
  public static final int MAX_CLOSE_REASON_BYTES = 123;

  private FrameEncoder() {}

  /** The number of header bytes a frame with this payload length needs. */
  public static int headerLength(long payloadLength, boolean masked) {
    int n = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    return masked ? n + 4 : n;
  }

  /**
   * Writes a header at {@code dst[index]} (position and limit unchanged) and returns its length.
   *
   * @param rsv1 the permessage-deflate "compressed" bit; only for a message's first data frame
   * @param maskKey the four mask bytes, big-endian; ignored unless {@code masked}
   * @throws IllegalArgumentException for a control frame over 125 bytes or fragmented, a negative
   *     length, or too little room in {@code dst}
   */
  public static int writeHeader(
      ByteBuffer dst, int index, boolean fin, boolean rsv1, Opcode opcode, long payloadLength, boolean masked, int maskKey) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException("payload length must not be negative: " + payloadLength);
    }
    if (opcode.isControl() && (payloadLength > 125 || !fin || rsv1)) {
      throw new IllegalArgumentException(
          "control frame " + opcode + " must be final, uncompressed and at most 125 bytes (was " + payloadLength + ")");
    }
    int n = headerLength(payloadLength, masked);
    if (dst.limit() - index < n) {
      throw new IllegalArgumentException("header needs " + n + " bytes, buffer has " + (dst.limit() - index));
    }
    dst.put(index, (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.code()));
    int maskBit = masked ? 0x80 : 0;
    int p = index + 1;
    if (payloadLength < 126) {
      dst.put(p++, (byte) (maskBit | payloadLength));
    } else if (payloadLength <= 0xFFFF) {
      dst.put(p++, (byte) (maskBit | 126));
      dst.put(p++, (byte) (payloadLength >>> 8));
      dst.put(p++, (byte) payloadLength);
    } else {
      dst.put(p++, (byte) (maskBit | 127));
      for (int shift = 56; shift >= 0; shift -= 8) {
        dst.put(p++, (byte) (payloadLength >>> shift));
      }
    }
    if (masked) {
      dst.put(p++, (byte) (maskKey >>> 24));
      dst.put(p++, (byte) (maskKey >>> 16));
      dst.put(p++, (byte) (maskKey >>> 8));
      dst.put(p++, (byte) maskKey);
    }
    return n;
  }

  /**
   * Encodes a whole frame into a new buffer (flipped, ready to read). Convenient where a
   * frame is built once, such as tests and prepared broadcast frames; {@code payload} is not
   * consumed.
   */
  public static ByteBuffer encode(boolean fin, boolean rsv1, Opcode opcode, ByteBuffer payload, boolean masked, int maskKey) {
    ByteBuffer src = payload.duplicate();
    int len = src.remaining();
    ByteBuffer out = ByteBuffer.allocate(headerLength(len, masked) + len);
    int h = writeHeader(out, 0, fin, rsv1, opcode, len, masked, maskKey);
    out.position(h);
    if (masked) {
      Masking.maskCopy(src, out, maskKey);
    } else {
      out.put(src);
    }
    return out.flip();
  }

  /**
   * Encodes a whole frame as {@code config} says: masked with {@code maskKey} when {@link
   * EncoderConfig#masks()}, else unmasked and the key ignored.
   */
  public static ByteBuffer encode(
      EncoderConfig config, boolean fin, boolean rsv1, Opcode opcode, ByteBuffer payload, int maskKey) {
    return encode(fin, rsv1, opcode, payload, config.masks(), maskKey);
  }

  /**
   * The payload of a close frame: the code (big-endian) followed by the UTF-8 reason.
   *
   * @throws IllegalArgumentException if {@code code} may not be sent
   *     ({@link CloseCode#isValidOnWire}), the reason is longer than 123 bytes in UTF-8 or is not
   *     encodable as UTF-8 (a lone surrogate)
   */
  public static byte[] closePayload(int code, String reason) {
    if (!CloseCode.isValidOnWire(code)) {
      throw new IllegalArgumentException(
          "close code " + code + " may not be sent; use 1000-1003, 1007-1014 or 3000-4999");
    }
    byte[] text = reason == null ? new byte[0] : utf8(reason);
    if (text.length > MAX_CLOSE_REASON_BYTES) {
      throw new IllegalArgumentException(
          "close reason is " + text.length + " bytes in UTF-8; at most " + MAX_CLOSE_REASON_BYTES + " fit a close frame");
    }
    byte[] out = new byte[2 + text.length];
    out[0] = (byte) (code >>> 8);
    out[1] = (byte) code;
    System.arraycopy(text, 0, out, 2, text.length);
    return out;
  }

  /** The reason's UTF-8 bytes; {@code String.getBytes} would silently turn a lone surrogate into '?'. */
  private static byte[] utf8(String reason) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(reason));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("close reason is not encodable as UTF-8 (lone surrogate?): " + e.getMessage(), e);
    }
  }
}
