package dev.switchboard.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  private final Payloads text = new Payloads(32, 32, false, 0x1a2b3c4d);

  /** The unmasked payloads of {@code frames}, as a server-role decoder sees them. */
  static List<byte[]> decode(ByteBuf frames) {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer in = ByteBuffer.allocate(frames.readableBytes());
    frames.readBytes(in);
    frames.release();
    in.flip();
    new FrameDecoder(LoadConnection.RECEIVE, new FrameDecoder.Handler() {
      private ByteBuffer message = ByteBuffer.allocate(1 << 17);

      @Override
      public void onMessageStart(Opcode type, boolean compressed) {
        message.clear();
      }

      @Override
      public void onMessageData(ByteBuffer payload, boolean last) {
        message.put(payload.duplicate());
        if (last) {
          byte[] b = new byte[message.position()];
          message.flip().get(b);
          out.add(b);
        }
      }

      @Override
      public void onPing(ByteBuffer payload) {}

      @Override
      public void onPong(ByteBuffer payload) {}

      @Override
      public void onClose(int code, String reason) {}

      @Override
      public void onError(CloseCode code, String message) {
        throw new AssertionError(code + " " + message);
      }
    }).decode(in);
    return out;
  }

  static byte[] payload(Payloads p, long seq, long sentNanos) {
    ByteBuf b = Unpooled.buffer();
    p.writeFrame(b, seq, sentNanos);
    return decode(b).get(0);
  }

  static boolean check(Payloads.Check c, byte[] payload, int... splits) {
    c.begin();
    int from = 0;
    for (int split : splits) {
      c.data(ByteBuffer.wrap(payload, from, split - from).slice());
      from = split;
    }
    c.data(ByteBuffer.wrap(payload, from, payload.length - from));
    return c.end();
  }

  @Test
  void aStampedFrameDecodesToItsSequenceNumberAndSendTime() {
    byte[] p = payload(text, 42, -7L);
    assertThat(p).hasSize(32);
    Payloads.Check c = text.newCheck();
    assertThat(check(c, p)).isTrue();
    assertThat(c.seq()).isEqualTo(42);
    assertThat(c.sentNanos()).isEqualTo(-7L);
    assertThat(c.bytes()).isEqualTo(32);
  }

  @Test
  void chunksSplitAnywhereCheckTheSame() {
    Payloads big = new Payloads(100, 100, true, 0x01020304);
    byte[] p = payload(big, 123456789L, 99);
    Payloads.Check c = big.newCheck();
    assertThat(check(c, p, 1, 17, 33, 60)).isTrue();
    assertThat(c.seq()).isEqualTo(123456789L);
    assertThat(c.sentNanos()).isEqualTo(99);
  }

  @Test
  void aChangedByteAnywhereIsCaught() {
    Payloads big = new Payloads(64, 64, false, 0x01020304);
    byte[] p = payload(big, 3, 4);
    for (int i : new int[] {0, 15, 16, 31, 32, 63}) {
      byte[] bad = p.clone();
      bad[i] ^= 0x01;
      Payloads.Check c = big.newCheck();
      boolean intact = check(c, bad);
      // A flipped digit of the stamp may still be a hex digit: then the sequence number changes.
      assertThat(intact && c.seq() == 3 && c.sentNanos() == 4).as("byte %d changed", i).isFalse();
    }
  }

  @Test
  void aShortOrLongMessageIsCaught() {
    Payloads range = new Payloads(64, 100, false, 7);
    byte[] p = payload(range, 5, 1); // 69 bytes
    assertThat(p).hasSize(69);
    Payloads.Check c = range.newCheck();
    assertThat(check(c, java.util.Arrays.copyOf(p, 68))).isFalse();
    assertThat(check(c, java.util.Arrays.copyOf(p, 20))).isFalse();
    byte[] longer = java.util.Arrays.copyOf(p, 70);
    longer[69] = (byte) ('a' + 69 % 26);
    assertThat(check(c, longer)).isFalse();
    assertThat(check(c, p)).isTrue();
  }

  @Test
  void sizesOfARangeTakeTurns() {
    Payloads range = new Payloads(64, 100, false, 7);
    assertThat(range.sizeOf(0)).isEqualTo(64);
    assertThat(range.sizeOf(36)).isEqualTo(100);
    assertThat(range.sizeOf(37)).isEqualTo(64);
    assertThat(range.frameBytes(0)).isEqualTo(64 + 6);
    assertThat(new Payloads(65536, 65536, true, 7).frameBytes(9)).isEqualTo(65536 + 14);
  }

  @Test
  void badSizesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new Payloads(16, 16, false, 0)).hasMessageContaining("at least 32");
    assertThatThrownBy(() -> new Payloads(64, 40, false, 0)).hasMessageContaining("below smallest");
    assertThatThrownBy(() -> new Payloads(32, 5000, false, 0)).hasMessageContaining("at most 1024 payload sizes");
  }
}
