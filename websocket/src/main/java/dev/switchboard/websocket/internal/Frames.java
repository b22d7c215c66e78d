package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Masking;
import dev.switchboard.protocol.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
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

  /** Masks {@code frame[start, start + len)} with the key in the four bytes before it. */
  static void maskPayload(ByteBuf frame, int start, int len) {
    if (len > 0) {
      int key = frame.getInt(start - 4);
      ByteBuffer view = frame.nioBuffer(start, len);
      Masking.maskInPlace(view, view.position(), view.limit(), key, 0);
    }
  }
}
