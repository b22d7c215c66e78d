package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses whole messages for permessage-deflate (RFC 7692 §7.2.1): DEFLATE with a sync flush,
 * without the trailing {@code 00 00 FF FF}. One per connection, reused for every message; not
 * thread-safe. Call {@link #close()} to free the native zlib memory.
 */
public final class MessageDeflater implements AutoCloseable {

  private final Deflater deflater;
  private final boolean resetAfterMessage;

  public MessageDeflater(int level, boolean noContextTakeover) {
    this.deflater = new Deflater(level, true);
    this.resetAfterMessage = noContextTakeover;
  }

  /** An upper bound of the compressed size of {@code n} bytes, trailer included. */
  public static int maxCompressedLength(int n) {
    // Stored blocks in the worst case: 5 bytes per 16 KiB block, plus the sync-flush block.
    return n + 5 * (n / 16383 + 1) + 16;
  }

  /**
   * Compresses {@code in}'s remaining bytes (consumed) into {@code out} at its position, which
   * must have {@link #maxCompressedLength} bytes of room; returns the number written.
   */
  public int compress(ByteBuffer in, ByteBuffer out) {
    int start = out.position();
    deflater.setInput(in);
    while (true) {
      int n = deflater.deflate(out, Deflater.SYNC_FLUSH);
      if (n == 0 && deflater.needsInput()) {
        break;
      }
      if (!out.hasRemaining()) {
        throw new IllegalStateException("output buffer too small for the compressed message");
      }
    }
    // A sync flush ends with an empty stored block 00 00 FF FF: the receiver adds it back (§7.2.1).
    int end = out.position();
    if (end - start >= 4 && out.getInt(end - 4) == 0x0000FFFF) {
      out.position(end - 4);
    } else if (end == start) {
      // No input since the last flush (an empty message) makes zlib write nothing, not even the
      // header of the empty stored block whose LEN and NLEN the receiver appends: write it.
      out.put((byte) 0);
    }
    if (resetAfterMessage) {
      deflater.reset();
    }
    return out.position() - start;
  }

  /**
   * Forgets the context (the window of data already compressed), as when the last message
   * compressed is not sent compressed after all: the peer's inflater never saw it.
   */
  public void reset() {
    deflater.reset();
  }

  @Override
  public void close() {
    deflater.end();
  }
}
