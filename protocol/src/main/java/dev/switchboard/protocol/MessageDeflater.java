package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses whole messages for permessage-deflate (RFC 7692 §7.2.1): DEFLATE with a sync flush,
 * without the trailing {@code 00 00 FF FF}. One per connection, reused for every message; not
 * thread-safe. Call {@link #close()} to free the native zlib memory.
 *
 * <p>The JDK's deflater always looks back over a 32 KiB window (15 bits). When the peer limits
 * our window to fewer bits ({@code max_window_bits} 8–14), we compress with Huffman coding only:
 * that output contains no back-references at all, so it is valid for any window, at the price of
 * a weaker ratio.
 */
public final class MessageDeflater implements AutoCloseable {

  private final Deflater deflater;
  private final boolean resetAfterMessage;

  public MessageDeflater(int level, boolean noContextTakeover) {
    this(level, noContextTakeover, 15);
  }

  /** A deflater whose output never refers further back than {@code 2^windowBits} bytes. */
  public MessageDeflater(int level, boolean noContextTakeover, int windowBits) {
    if (windowBits < 8 || windowBits > 15) {
      throw new IllegalArgumentException("windowBits must be 8-15, was " + windowBits);
    }
    this.deflater = new Deflater(level, true);
    if (windowBits < 15) {
      deflater.setStrategy(Deflater.HUFFMAN_ONLY);
    }
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
