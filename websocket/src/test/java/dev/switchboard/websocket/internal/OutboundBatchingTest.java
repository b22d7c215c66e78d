package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.hex;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Session;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The send path's batch ({@link Outbound}): frames sent on the loop during one read go out in
 * one buffer, written once and in call order with frames that bypass the batch; the byte-level
 * text API ({@code onTextUtf8}, {@code sendText(ByteBuffer)}, {@code offerText}) and sends
 * without a future.
 */
class OutboundBatchingTest {

  private EmbeddedSession session;
  private final List<String> texts = new ArrayList<>();

  /** An echo that answers each text message with its own bytes, then with a ping after the second. */
  private final Endpoint echo = new Endpoint() {
    @Override
    public void onTextUtf8(Session s, ByteBuffer utf8) {
      int before = utf8.position();
      assertThat(s.offerText(utf8)).isTrue();
      assertThat(utf8.position()).as("not consumed").isEqualTo(before);
      if (utf8.remaining() == 2) {
        s.ping(ByteBuffer.wrap(new byte[] {7}));
      }
    }

    @Override
    public void onText(Session s, String text) {
      texts.add(text); // not reached: onTextUtf8 is overridden
    }
  };

  private void open(Role role, Endpoint endpoint, Limits limits) {
    session = EmbeddedSession.open(role, endpoint, limits);
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }


  @Test
  void echoesOfOneReadGoOutInOneBufferInOrderWithAControlFrameBetween() {
    open(Role.SERVER, echo, Limits.DEFAULT);
    session.receive(Wire.frame(true, Opcode.TEXT, utf8("a"), true), Wire.frame(true, Opcode.TEXT, utf8("bc"), true),
        Wire.frame(true, Opcode.TEXT, utf8("déf"), true));
    // The first two echoes were batched, the ping pushed them out ahead of it, the third started a new batch.
    assertThat(session.writes()).containsExactly("8101" + hex("a") + "8102" + hex("bc"), "890107", "8104" + hex("déf"));
    assertThat(texts).isEmpty();
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @Test
  void aFullBatchIsHandedOverUncopiedAndTheNextIsTwiceItsCapacity() {
    int messages = 7;
    open(Role.SERVER, new Endpoint() {
      @Override
      public void onBinary(Session s, ByteBuffer data) {
        for (int i = 0; i < messages; i++) {
          byte[] payload = new byte[1000];
          java.util.Arrays.fill(payload, (byte) i);
          s.sendBinary(ByteBuffer.wrap(payload));
        }
      }
    }, Limits.DEFAULT);
    session.receive(Wire.frame(true, Opcode.BINARY, new byte[] {1}, true));
    // 1,004-byte frames: the first batch (Outbound.BATCH_BYTES) holds one, the next (twice its
    // capacity) two, the next four; never one buffer grown by copying what it already holds.
    List<String> writes = session.writes();
    List<Integer> framesPerWrite = new ArrayList<>();
    List<String> frames = new ArrayList<>();
    for (String written : writes) {
      List<byte[]> split = Wire.splitFrames(ByteBufUtil.decodeHexDump(written));
      framesPerWrite.add(split.size());
      split.forEach(f -> frames.add(Wire.hex(f)));
    }
    assertThat(framesPerWrite).containsExactly(1, 2, 4);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      expected.add(String.format("827e03e8%s", String.format("%02x", i).repeat(1000)));
    }
    assertThat(frames).containsExactlyElementsOf(expected);
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @Test
  void aBatchStaysUnwrittenUntilTheReadBatchCompletes() {
    open(Role.SERVER, echo, Limits.DEFAULT);
    session.channel.pipeline().fireChannelRead(Wire.buffer(Wire.frame(true, Opcode.TEXT, utf8("a"), true)));
    assertThat(session.channel.outboundMessages()).isEmpty();
    assertThat(session.connection.bufferedAmount()).isEqualTo(3);
    session.channel.pipeline().fireChannelReadComplete();
    assertThat(session.writes()).containsExactly("8101" + hex("a"));
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void sendsOutsideAReadCompleteTheirFuturesWhenWrittenInOrder(Role role) {
    open(role, new Endpoint() {}, Limits.DEFAULT);
    CompletableFuture<Void> one = session.connection.sendText(ByteBuffer.wrap(utf8("x")));
    CompletableFuture<Void> two = session.connection.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}));
    CompletableFuture<Void> three = session.connection.sendText("yz");
    List<String> frames = new ArrayList<>();
    for (String written : session.writes()) {
      for (byte[] f : Wire.splitFrames(ByteBufUtil.decodeHexDump(written))) {
        frames.add(Wire.unmaskedHex(Unpooled.wrappedBuffer(f), role == Role.CLIENT));
      }
    }
    assertThat(frames).containsExactly("8101" + hex("x"), "82020102", "8102" + hex("yz"));
    assertThat(List.of(one, two, three)).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @Test
  void offerRefusesWhenTheSendBufferWouldOverflowOrTheSessionIsNotOpen() {
    open(Role.SERVER, new Endpoint() {}, Limits.DEFAULT.withMaxBufferedBytes(1024));
    assertThat(session.connection.offerBinary(ByteBuffer.wrap(new byte[1020]))).isTrue(); // 1024 bytes with the header
    assertThat(session.connection.offerBinary(ByteBuffer.wrap(new byte[1]))).as("over maxBufferedBytes").isFalse();
    assertThat(session.connection.bufferedAmount()).isEqualTo(1024);
    assertThat(session.writes()).containsExactly("827e03fc" + "00".repeat(1020));
    session.connection.close(1000, "");
    assertThat(session.connection.offerText(ByteBuffer.wrap(utf8("late")))).as("closing").isFalse();
  }

  @Test
  void textSentAsBytesMustBeWellFormedUtf8() {
    open(Role.SERVER, new Endpoint() {}, Limits.DEFAULT);
    ByteBuffer bad = ByteBuffer.wrap(new byte[] {'o', 'k', (byte) 0xC3}); // a truncated two-byte character
    assertThatThrownBy(() -> session.connection.offerText(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not well-formed UTF-8");
    assertThatThrownBy(() -> session.connection.sendText(ByteBuffer.wrap(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})))
        .as("a surrogate").isInstanceOf(IllegalArgumentException.class);
    assertThat(session.writes()).isEmpty();
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @Test
  void theDefaultOnTextUtf8DecodesToOnText() {
    open(Role.SERVER, new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        texts.add(text);
      }
    }, Limits.DEFAULT);
    session.receive(Wire.frame(true, Opcode.TEXT, utf8("héllo"), true));
    assertThat(texts).containsExactly("héllo");
  }

  @Test
  void anUnwrittenBatchIsReleasedWhenTheConnectionLeavesThePipeline() {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    open(Role.SERVER, new Endpoint() {
      @Override
      public void onBinary(Session s, ByteBuffer data) {
        sent.add(s.sendBinary(data));
      }
    }, Limits.DEFAULT);
    session.channel.pipeline().fireChannelRead(Wire.buffer(Wire.frame(true, Opcode.BINARY, new byte[100], true)));
    CompletableFuture<Void> f = sent.get(0);
    session.channel.pipeline().remove("ws"); // before the read completed; a leaked batch fails the build
    session.channel.runPendingTasks();
    assertThat(f).isCompletedExceptionally();
    assertThat(session.channel.outboundMessages()).isEmpty();
    assertThat(session.connection.bufferedAmount()).isZero();
  }
}
