package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.DecoderConfig;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Masker;
import dev.switchboard.protocol.Masking;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.Utf8Validator;
import dev.switchboard.websocket.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Frame headers and masking into Netty buffers, and the decoders' configuration, on any thread.
 * Thread-safe; its only state is a cache of one immutable value.
 */
final class Frames {

  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  // The decoder configuration of the last session made; reused by the next one when equal.
  private static volatile DecoderConfig sharedDecoderConfig;

  /** Whether direct memory can be copied and masked through its address here (Netty reaches {@code Unsafe}, unaligned access). */
  private static final boolean ADDRESS_ACCESS = PlatformDependent.hasUnsafe() && PlatformDependent.isUnaligned();

  private Frames() {}

  /**
   * The decoder configuration for a session with {@code limits}: the instance the previous session
   * got when equal (an immutable record; sessions alike share one instead of holding a copy each).
   */
  static DecoderConfig decoderConfig(Role role, Limits limits, boolean rsv1Allowed, boolean acceptUnmasked) {
    DecoderConfig config = DecoderConfig.of(role)
        .withMaxFramePayloadBytes(limits.maxFramePayloadBytes())
        .withMaxMessageBytes(limits.maxMessageBytes())
        .withRsv1Allowed(rsv1Allowed)
        .withAcceptUnmasked(acceptUnmasked);
    DecoderConfig shared = sharedDecoderConfig;
    if (config.equals(shared)) {
      return shared;
    }
    sharedDecoderConfig = config;
    return config;
  }

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
   * index unchanged) in one bulk copy, allocating nothing: from the source's array, or between
   * the two memory addresses when both are direct. Neither {@code ByteBuf.setBytes(int,
   * ByteBuffer)}, which on Netty's adaptive buffers makes an NIO view of the destination (64 B)
   * per buffer, nor a loop of {@code setLong}s, which pays the buffer's index and reference-count
   * checks every eight bytes (2.5 times slower than the bulk copy at 125 B, EncodeBenchmark). Any
   * other source (read-only, or direct into a heap buffer) goes through a duplicate.
   */
  static void copyPayload(ByteBuf dst, int index, ByteBuffer src) {
    int len = src.remaining();
    if (len == 0) {
      return;
    }
    int p = src.position();
    if (src.hasArray()) {
      dst.setBytes(index, src.array(), src.arrayOffset() + p, len);
    } else if (src.isDirect() && dst.hasMemoryAddress() && ADDRESS_ACCESS) {
      Objects.checkFromIndexSize(index, len, dst.capacity());
      // memoryAddress() throws for a released buffer before any memory is touched.
      PlatformDependent.copyMemory(PlatformDependent.directBufferAddress(src) + p, dst.memoryAddress() + index, len);
      // The source's memory must not be freed (its cleaner run) while it is copied from.
      Reference.reachabilityFence(src);
    } else {
      dst.setBytes(index, src.duplicate());
    }
  }

  /**
   * Masks {@code frame[start, start + len)} with the key in the four bytes before it, allocating
   * nothing. A direct buffer is masked eight bytes at a time through its memory address (one
   * accessor call per frame: under the leak detector's paranoid level every {@code ByteBuf}
   * accessor call records a stack trace, so a word loop through {@code getLongLE}/{@code
   * setLongLE} would record thousands per frame); any other buffer through its little-endian
   * accessors with {@link Masking#maskWord}. No NIO view either way.
   */
  static void maskPayload(ByteBuf frame, int start, int len) {
    if (len <= 0) {
      return;
    }
    int key = frame.getInt(start - 4); // also: the buffer is accessible
    if (frame.hasMemoryAddress() && ADDRESS_ACCESS) {
      Objects.checkFromIndexSize(start, len, frame.capacity());
      maskAt(frame.memoryAddress() + start, len, key);
      return;
    }
    long word = Masking.maskWord(key, 0, ByteOrder.LITTLE_ENDIAN);
    int i = start;
    int end = start + len;
    for (int end8 = end - 7; i < end8; i += 8) {
      frame.setLongLE(i, frame.getLongLE(i) ^ word);
    }
    for (int k = 0; i < end; i++, k++) {
      frame.setByte(i, frame.getByte(i) ^ (int) (word >>> (k << 3)));
    }
  }

  /**
   * The decoders' {@link Masker}: a direct, writable {@link ByteBuffer} (what a read of Netty's
   * direct buffers is decoded from) is unmasked through its memory address, several times faster
   * at 64 KiB than through {@code ByteBuffer}'s accessors on JDK 17; anything else by {@link
   * Masking#maskInPlace}, whose result and checks these are.
   */
  static final Masker MASKER = Frames::maskInPlace;

  static int maskInPlace(ByteBuffer buf, int from, int to, int maskKey, int offset) {
    if (!ADDRESS_ACCESS || !buf.isDirect() || buf.isReadOnly()) {
      return Masking.maskInPlace(buf, from, to, maskKey, offset);
    }
    Objects.checkFromToIndex(from, to, buf.limit());
    maskAt(PlatformDependent.directBufferAddress(buf) + from, to - from, Integer.rotateLeft(maskKey, (offset & 3) << 3));
    return (offset + (to - from)) & 3;
  }

  /** Masks {@code len} bytes of native memory at {@code address}, starting at the key's first (most significant) byte. */
  private static void maskAt(long address, int len, int key) {
    long word = Masking.maskWord(key, 0, NATIVE);
    long a = address;
    long end = address + len;
    for (long end8 = end - 7; a < end8; a += 8) {
      PlatformDependent.putLong(a, PlatformDependent.getLong(a) ^ word);
    }
    if (a + 4 <= end) {
      // The word is the key twice, so either half is the key in native order.
      PlatformDependent.putInt(a, PlatformDependent.getInt(a) ^ (int) word);
      a += 4;
    }
    for (int k = 0; a < end; a++, k++) {
      PlatformDependent.putByte(a, (byte) (PlatformDependent.getByte(a) ^ (key >>> (24 - (k << 3)))));
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
