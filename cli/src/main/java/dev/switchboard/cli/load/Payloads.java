package dev.switchboard.cli.load;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * The load tool's messages, pre-encoded as masked client frames, one per payload size. Immutable
 * and thread-safe once built.
 *
 * <p>Every payload starts with {@link #STAMP_BYTES} ASCII bytes: the message's sequence number
 * and its send time ({@link System#nanoTime()}), each as 16 lowercase hex digits, so that a
 * receiver in the same process can tell loss, duplication and latency from the payload alone.
 * The rest is a fixed ASCII pattern ({@code 'a' + i % 26} at payload index {@code i}), so that
 * corruption anywhere is seen, and so that text frames are valid UTF-8. A run with a size range
 * gives message {@code seq} the size {@code min + seq % (max - min + 1)}.
 *
 * <p>All frames share one mask key: the server's unmasking work is the same for any key, and one
 * key lets every connection copy the same pre-masked bytes. Sending a message copies its frame
 * into the caller's buffer and writes the stamp over it, masked: nothing is allocated.
 */
public final class Payloads {

  /** Bytes of the sequence number and send time at the start of every payload. */
  public static final int STAMP_BYTES = 32;

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final int minBytes;
  private final int maxBytes;
  private final boolean binary;
  private final int maskKey;
  private final byte[][] frames; // by size - minBytes
  private final byte[] pattern; // the expected payload bytes at each index (stamp bytes unused)

  /**
   * @param minBytes the smallest payload, at least {@link #STAMP_BYTES}
   * @param maxBytes the largest payload; at most 1024 sizes in the range
   * @param binary binary frames if true, text frames otherwise
   */
  public Payloads(int minBytes, int maxBytes, boolean binary, int maskKey) {
    if (minBytes < STAMP_BYTES) {
      throw new IllegalArgumentException(
          "payloads need at least " + STAMP_BYTES + " bytes (sequence number and send time), was " + minBytes);
    }
    if (maxBytes < minBytes) {
      throw new IllegalArgumentException("largest payload " + maxBytes + " is below smallest " + minBytes);
    }
    if (maxBytes - minBytes >= 1024) {
      throw new IllegalArgumentException("at most 1024 payload sizes in a range, was " + (maxBytes - minBytes + 1));
    }
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
    this.binary = binary;
    this.maskKey = maskKey;
    this.pattern = new byte[maxBytes];
    for (int i = 0; i < maxBytes; i++) {
      pattern[i] = i < STAMP_BYTES ? (byte) '0' : (byte) ('a' + i % 26);
    }
    this.frames = new byte[maxBytes - minBytes + 1][];
    for (int size = minBytes; size <= maxBytes; size++) {
      ByteBuffer frame = FrameEncoder.encode(true, false, binary ? Opcode.BINARY : Opcode.TEXT,
          ByteBuffer.wrap(pattern, 0, size), true, maskKey);
      byte[] bytes = new byte[frame.remaining()];
      frame.get(bytes);
      frames[size - minBytes] = bytes;
    }
  }

  public int minBytes() {
    return minBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  public boolean isBinary() {
    return binary;
  }

  /** The payload size of message {@code seq}. */
  public int sizeOf(long seq) {
    return minBytes == maxBytes ? minBytes : minBytes + (int) Long.remainderUnsigned(seq, maxBytes - minBytes + 1);
  }

  /** The length of message {@code seq}'s frame, header included. */
  public int frameBytes(long seq) {
    return frames[sizeOf(seq) - minBytes].length;
  }

  /** Appends message {@code seq}'s frame to {@code out}, stamped with {@code seq} and {@code sentNanos}. */
  public void writeFrame(ByteBuf out, long seq, long sentNanos) {
    byte[] frame = frames[sizeOf(seq) - minBytes];
    int start = out.writerIndex();
    out.writeBytes(frame);
    int p = start + frame.length - sizeOf(seq); // the payload follows the header
    stampHex(out, p, seq, 0);
    stampHex(out, p + 16, sentNanos, 16);
  }

  private void stampHex(ByteBuf out, int index, long value, int payloadOffset) {
    for (int i = 0; i < 16; i++) {
      int digit = HEX[(int) (value >>> (60 - 4 * i)) & 0xF];
      int k = payloadOffset + i;
      int keyByte = maskKey >>> (24 - 8 * (k & 3));
      out.setByte(index + i, (digit ^ keyByte) & 0xFF);
    }
  }

  /** A new checker of received payloads; one per connection (it is not thread-safe). */
  public Check newCheck() {
    return new Check();
  }

  /**
   * Checks one received message at a time, fed in chunks. Not thread-safe: one per connection.
   * After {@link #end()} returns true, {@link #seq()} and {@link #sentNanos()} are the stamp.
   */
  public final class Check {
    private int offset;
    private long seq;
    private long sentNanos;
    private boolean bad;

    private Check() {}

    /** A message begins. */
    public void begin() {
      offset = 0;
      seq = 0;
      sentNanos = 0;
      bad = false;
    }

    /** The next chunk of the message (unmasked); consumed neither in position nor content. */
    public void data(ByteBuffer chunk) {
      int pos = chunk.position();
      int len = chunk.remaining();
      if (bad || len == 0) {
        offset += len;
        return;
      }
      if (offset + len > maxBytes) {
        bad = true;
        offset += len;
        return;
      }
      int i = 0;
      while (i < len && offset + i < STAMP_BYTES) {
        int v = hexValue(chunk.get(pos + i));
        if (v < 0) {
          bad = true;
          offset += len;
          return;
        }
        if (offset + i < 16) {
          seq = (seq << 4) | v;
        } else {
          sentNanos = (sentNanos << 4) | v;
        }
        i++;
      }
      int from = offset + i;
      int n = len - i;
      if (n > 0) {
        if (chunk.hasArray()) {
          int a = chunk.arrayOffset() + pos + i;
          bad = java.util.Arrays.mismatch(chunk.array(), a, a + n, pattern, from, from + n) >= 0;
        } else {
          for (int j = 0; j < n && !bad; j++) {
            bad = chunk.get(pos + i + j) != pattern[from + j];
          }
        }
      }
      offset += len;
    }

    /** The message ended; true if it is intact: a full stamp, the pattern, the size its sequence number implies. */
    public boolean end() {
      return !bad && offset >= STAMP_BYTES && offset == sizeOf(seq);
    }

    public long seq() {
      return seq;
    }

    public long sentNanos() {
      return sentNanos;
    }

    /** Payload bytes received of the current message. */
    public int bytes() {
      return offset;
    }
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }
}
