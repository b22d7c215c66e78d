package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Masking;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Frame headers and masking into Netty buffers, on any thread. Stateless and thread-safe. */
final class Frames {

  /** Payloads up to this size are copied eight bytes at a time by {@link #copyPayload}. */
  static final int SMALL_COPY_BYTES = 256;

  private Frames() {}

  /**
   * Writes a header at {@code index} of {@code frame} (writer index unchanged) with a fresh random
   * mask key when {@code mask}; returns its length. The layout is RFC 6455 §5.2's, as {@link
   * FrameEncoder#writeHeader} writes it (a test holds the two to the same bytes), written with a
   * few wide stores: no scratch array, no NIO view of {@code frame}. The caller passes a valid
   * frame: a control frame is final and at most 125 bytes.
   */
  static int setHeader(ByteBuf frame, int index, boolean fin, boolean rsv1, Opcode op, long len, boolean mask) {
    int b0 = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | op.code();
    int maskBit = mask ? 0x80 : 0;
    int n;
    if (len <= 125) {
      frame.setShort(index, (b0 << 8) | maskBit | (int) len);
      n = 2;
    } else if (len <= 0xFFFF) {
      frame.setInt(index, (b0 << 24) | ((maskBit | 126) << 16) | (int) len);
      n = 4;
    } else {
      frame.setShort(index, (b0 << 8) | maskBit | 127);
      frame.setLong(index + 2, len);
      n = 10;
    }
    if (mask) {
      frame.setInt(index + n, ThreadLocalRandom.current().nextInt());
      n += 4;
    }
    return n;
  }

  /**
   * Copies {@code src}'s remaining bytes (not consumed) to {@code dst} at {@code index} (writer
   * index unchanged). Small payloads go eight bytes at a time: {@code ByteBuf.setBytes(int,
   * ByteBuffer)} on Netty's adaptive buffers first builds an NIO view of the destination, which
   * costs more than copying a small message.
   */
  static void copyPayload(ByteBuf dst, int index, ByteBuffer src) {
    int len = src.remaining();
    if (len > SMALL_COPY_BYTES) {
      dst.setBytes(index, src.duplicate());
      return;
    }
    int p = src.position();
    int i = 0;
    if (src.order() == java.nio.ByteOrder.BIG_ENDIAN) {
      for (; i + 8 <= len; i += 8) {
        dst.setLong(index + i, src.getLong(p + i));
      }
    } else {
      for (; i + 8 <= len; i += 8) {
        dst.setLongLE(index + i, src.getLong(p + i));
      }
    }
    for (; i < len; i++) {
      dst.setByte(index + i, src.get(p + i));
    }
  }

  /** Masks {@code frame[start, start + len)} with the key in the four bytes before it. */
  static void maskPayload(ByteBuf frame, int start, int len) {
    if (len > 0) {
      int key = frame.getInt(start - 4);
      ByteBuffer view = frame.nioBuffer(start, len);
      Masking.maskInPlace(view, view.position(), view.limit(), key, 0);
    }
  }

  /** A whole frame holding {@code payload} (not consumed), masked when {@code mask}. */
  static ByteBuf encode(ByteBufAllocator alloc, boolean fin, Opcode op, ByteBuffer payload, boolean mask) {
    int len = payload.remaining();
    ByteBuf frame = alloc.buffer(FrameEncoder.headerLength(len, mask) + len);
    int start = setHeader(frame, 0, fin, false, op, len, mask);
    copyPayload(frame, start, payload);
    frame.writerIndex(start + len);
    if (mask) {
      maskPayload(frame, start, len);
    }
    return frame;
  }

  /** A final text frame of {@code text}, whose UTF-8 form is {@code utf8Length} bytes. */
  static ByteBuf encodeText(ByteBufAllocator alloc, CharSequence text, int utf8Length, boolean mask) {
    ByteBuf frame = alloc.buffer(FrameEncoder.headerLength(utf8Length, mask) + utf8Length);
    int start = setHeader(frame, 0, true, false, Opcode.TEXT, utf8Length, mask);
    frame.writerIndex(start);
    ByteBufUtil.writeUtf8(frame, text);
    if (mask) {
      maskPayload(frame, start, utf8Length);
    }
    return frame;
  }

  /** Per-thread validator for text that callers send as bytes. */
  private static final FastThreadLocal<Utf8Validator> SEND_UTF8 = new FastThreadLocal<>() {
    @Override
    protected Utf8Validator initialValue() {
      return new Utf8Validator();
    }
  };

  /**
   * Checks that {@code utf8}'s remaining bytes (not consumed) are well-formed UTF-8.
   *
   * @throws IllegalArgumentException if they are not: a text frame must carry valid UTF-8
   */
  static void requireUtf8(ByteBuffer utf8) {
    Utf8Validator v = SEND_UTF8.get();
    v.reset();
    if (!v.feed(utf8) || !v.isComplete()) {
      v.reset();
      throw new IllegalArgumentException("text to send is not well-formed UTF-8 (RFC 3629): send it as binary, or fix its encoding");
    }
  }

  /** {@code reason} cut to what a close frame may carry (RFC 6455 §5.5.1), at a character boundary. */
  static String truncateReason(String reason) {
    if (reason == null) {
      return "";
    }
    byte[] b = reason.getBytes(StandardCharsets.UTF_8);
    if (b.length <= FrameEncoder.MAX_CLOSE_REASON_BYTES) {
      return reason;
    }
    int n = FrameEncoder.MAX_CLOSE_REASON_BYTES;
    while (n > 0 && (b[n] & 0xC0) == 0x80) {
      n--; // do not cut a character in half
    }
    String cut = new String(b, 0, n, StandardCharsets.UTF_8);
    return Utf8Validator.isValid(cut.getBytes(StandardCharsets.UTF_8)) ? cut : "";
  }
}
