package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Whole messages through {@link MessageDeflater} and {@link MessageInflater}, for the deflate tests. */
final class DeflateFixtures {

  /** The inflater's output piece in these tests, as on a connection. */
  static final int CHUNK = 16 * 1024;

  /** Bytes of an {@code inflate} without a limit worth the name. */
  static final long NO_LIMIT = Long.MAX_VALUE;

  private DeflateFixtures() {}

  /** What the sink received for one message, and how the inflater ended it. */
  record Inflated(MessageInflater.Result result, byte[] bytes, int largestPiece) {
    String text() {
      assertThat(result).as("inflating %s", this).isEqualTo(MessageInflater.Result.OK);
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return result + " after " + bytes.length + " bytes: " + Hex.describe(bytes);
    }
  }

  /** The payload of one compressed message, checking that the whole input was consumed. */
  static byte[] compress(MessageDeflater deflater, byte[] message) {
    ByteBuffer in = ByteBuffer.wrap(message);
    ByteBuffer out = ByteBuffer.allocate(MessageDeflater.maxCompressedLength(message.length));
    int n = deflater.compress(in, out);
    assertThat(in.hasRemaining()).as("input consumed").isFalse();
    assertThat(out.position()).as("bytes written").isEqualTo(n);
    return Arrays.copyOf(out.array(), n);
  }

  /**
   * Inflates one message that arrives in {@code chunks} (frames or reads), the last one marked
   * last; stops at the first chunk that does not return OK, as a connection does.
   */
  static Inflated inflate(MessageInflater inflater, long maxMessageBytes, List<byte[]> chunks) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    int[] largest = {0};
    MessageInflater.Result r = MessageInflater.Result.OK;
    for (int i = 0; i < chunks.size() && r == MessageInflater.Result.OK; i++) {
      r = inflater.inflate(ByteBuffer.wrap(chunks.get(i)), i == chunks.size() - 1, maxMessageBytes, piece -> {
        largest[0] = Math.max(largest[0], piece.remaining());
        byte[] b = new byte[piece.remaining()];
        piece.get(b);
        sink.writeBytes(b);
      });
    }
    return new Inflated(r, sink.toByteArray(), largest[0]);
  }

  /** Inflates one message given as hex, one string per chunk. */
  static Inflated inflateHex(MessageInflater inflater, long maxMessageBytes, String... hexChunks) {
    return inflate(inflater, maxMessageBytes, Arrays.stream(hexChunks).map(Hex::bytes).toList());
  }
}
