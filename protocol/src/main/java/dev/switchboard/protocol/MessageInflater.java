package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses permessage-deflate messages chunk by chunk as their frames arrive (RFC 7692
 * §7.2.2), bounded: the output of one message may not exceed a limit, so a small compressed
 * message that inflates enormously costs one output buffer and a close, never memory. One per
 * connection; not thread-safe. Call {@link #close()} to free the native zlib memory.
 */
public final class MessageInflater implements AutoCloseable {

  /** Receives inflated bytes; the buffer is borrowed for the call. */
  @FunctionalInterface
  public interface Sink {
    void accept(ByteBuffer inflated);
  }

  /** Why inflating a message stopped. */
  public enum Result {
    OK,
    /** The inflated message exceeds the limit: close with 1009. */
    TOO_BIG,
    /** The compressed data is not valid DEFLATE: close with 1007 (RFC 7692 §8.1). */
    CORRUPT
  }

  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

  private final Inflater inflater = new Inflater(true);
  private final ByteBuffer out;
  private final boolean resetAfterMessage;
  private long produced;

  /**
   * @param chunkBytes the size of the output buffer handed to the sink (e.g. 16 KiB)
   * @param peerNoContextTakeover the peer resets its compressor after each message, so this
   *     inflater may too (and hold no window between messages)
   */
  public MessageInflater(int chunkBytes, boolean peerNoContextTakeover) {
    this.out = ByteBuffer.allocate(chunkBytes);
    this.resetAfterMessage = peerNoContextTakeover;
  }

  /**
   * Inflates one chunk of a compressed message, handing output to {@code sink} in pieces; after
   * the message's {@code last} chunk the sync-flush tail is added back. Stops at the first
   * problem; the caller then fails the connection and should not call again for this message.
   */
  public Result inflate(ByteBuffer chunk, boolean last, long maxMessageBytes, Sink sink) {
    try {
      Result r = run(chunk, maxMessageBytes, sink);
      if (r == Result.OK && last) {
        if (!inflater.finished()) {
          r = run(ByteBuffer.wrap(TAIL), maxMessageBytes, sink);
        }
        produced = 0;
        // A message may end with a final block; then the next message starts a new stream.
        if (resetAfterMessage || inflater.finished()) {
          inflater.reset();
        }
      }
      if (r != Result.OK) {
        reset();
      }
      return r;
    } catch (DataFormatException e) {
      reset();
      return Result.CORRUPT;
    }
  }

  private Result run(ByteBuffer input, long max, Sink sink) throws DataFormatException {
    inflater.setInput(input);
    while (true) {
      if (inflater.finished()) {
        if (!input.hasRemaining()) {
          return Result.OK;
        }
        // A block with BFINAL ended the DEFLATE stream, and what follows starts a new one: RFC 7692
        // §7.2.3.4 ends such a message with the header byte of an empty stored block, which the
        // tail completes.
        inflater.reset();
        inflater.setInput(input);
      }
      out.clear();
      int n = inflater.inflate(out);
      if (n > 0) {
        produced += n;
        if (produced > max) {
          return Result.TOO_BIG;
        }
        out.flip();
        sink.accept(out);
      }
      if (!inflater.finished() && (n == 0 || inflater.needsInput())) {
        return inflater.needsDictionary() ? Result.CORRUPT : Result.OK;
      }
    }
  }

  private void reset() {
    produced = 0;
    inflater.reset();
  }

  @Override
  public void close() {
    inflater.end();
  }
}
