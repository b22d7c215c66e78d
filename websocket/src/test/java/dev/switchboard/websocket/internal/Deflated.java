package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.MessageDeflater;
import dev.switchboard.protocol.MessageInflater;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Message payloads compressed as a permessage-deflate peer sends them (RFC 7692 §7.2.1: DEFLATE,
 * sync flush, the tail 00 00 ff ff stripped), and read back. Stateless and thread-safe.
 */
public final class Deflated {

  private Deflated() {}

  /** {@code message} compressed on its own, as by a peer without context takeover. */
  public static byte[] of(byte[] message) {
    try (MessageDeflater d = new MessageDeflater(6, true)) {
      ByteBuffer out = ByteBuffer.allocate(MessageDeflater.maxCompressedLength(message.length));
      int n = d.compress(ByteBuffer.wrap(message), out);
      return Arrays.copyOf(out.array(), n);
    }
  }

  /** The message in a compressed payload made by {@link #of}, inflated without a limit. */
  public static byte[] inflate(byte[] payload) {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    try (MessageInflater in = new MessageInflater(16 * 1024, true)) {
      MessageInflater.Result r = in.inflate(ByteBuffer.wrap(payload), true, Long.MAX_VALUE, piece -> {
        byte[] b = new byte[piece.remaining()];
        piece.get(b);
        message.writeBytes(b);
      });
      if (r != MessageInflater.Result.OK) {
        throw new AssertionError("payload does not inflate: " + r);
      }
    }
    return message.toByteArray();
  }

  /**
   * A zip bomb: {@code bytes} zeros compressed as one message. DEFLATE gives at most about 1030:1,
   * so 100 MiB take about 100 KiB; the zeros are never held all at once.
   */
  public static byte[] zeros(long bytes) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] zeros = new byte[1 << 20];
      byte[] buf = new byte[64 * 1024];
      for (long left = bytes; left > 0; left -= zeros.length) {
        d.setInput(zeros, 0, (int) Math.min(left, zeros.length));
        while (!d.needsInput()) {
          out.write(buf, 0, d.deflate(buf));
        }
      }
      int n;
      while ((n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
        out.write(buf, 0, n);
      }
      byte[] all = out.toByteArray();
      return Arrays.copyOf(all, all.length - 4);
    } finally {
      d.end();
    }
  }
}
