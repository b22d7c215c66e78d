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
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Frame headers and masking into Netty buffers, on any thread. Stateless and thread-safe. */
final class Frames {

  /** Per-thread scratch for headers: senders may be on any thread. */
  private static final FastThreadLocal<ByteBuffer> HEADER_SCRATCH = new FastThreadLocal<>() {
    @Override
    protected ByteBuffer initialValue() {
      return ByteBuffer.allocate(FrameEncoder.MAX_HEADER_BYTES);
    }
  };

  private Frames() {}

  /**
   * Writes a header at {@code index} of {@code frame} (writer index unchanged) with a fresh random
   * mask key when {@code mask}; returns its length.
   */
  static int setHeader(ByteBuf frame, int index, boolean fin, boolean rsv1, Opcode op, long len, boolean mask) {
    int key = mask ? ThreadLocalRandom.current().nextInt() : 0;
    ByteBuffer h = HEADER_SCRATCH.get();
    int n = FrameEncoder.writeHeader(h, 0, fin, rsv1, op, len, mask, key);
    frame.setBytes(index, h.array(), 0, n);
    return n;
  }

  /**
   * Masks {@code frame[start, start + len)} with the key in the four bytes before it, through the
   * buffer's own little-endian accessors (native on x86 and ARM): an NIO view would cost an
   * allocation per frame on Netty's adaptive allocator.
   */
  static void maskPayload(ByteBuf frame, int start, int len) {
    if (len > 0) {
      long word = Masking.maskWord(frame.getInt(start - 4), 0, ByteOrder.LITTLE_ENDIAN);
      int i = start;
      int end = start + len;
      for (int end8 = end - 7; i < end8; i += 8) {
        frame.setLongLE(i, frame.getLongLE(i) ^ word);
      }
      if (i + 4 <= end) {
        frame.setIntLE(i, frame.getIntLE(i) ^ (int) word);
        i += 4;
      }
      for (int k = 0; i < end; i++, k++) {
        frame.setByte(i, frame.getByte(i) ^ (int) (word >>> (k << 3)));
      }
    }
  }

  /** A whole frame holding {@code payload} (not consumed), masked when {@code mask}. */
  static ByteBuf encode(ByteBufAllocator alloc, boolean fin, Opcode op, ByteBuffer payload, boolean mask) {
    int len = payload.remaining();
    ByteBuf frame = alloc.buffer(FrameEncoder.headerLength(len, mask) + len);
    int start = setHeader(frame, 0, fin, false, op, len, mask);
    frame.writerIndex(start);
    frame.writeBytes(payload.duplicate());
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
