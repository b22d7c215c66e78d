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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
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

  private EmbeddedChannel channel;
  private NettyConnection connection;
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
    channel = new EmbeddedChannel();
    channel.freezeTime();
    connection = new NettyConnection(role, channel, endpoint, limits, URI.create("/echo"), "", null, null);
    channel.pipeline().addLast("ws", connection);
    connection.open();
  }

  @AfterEach
  void close() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  /** The buffers written to the channel, each as hex. */
  private List<String> writes() {
    channel.runPendingTasks();
    List<String> out = new ArrayList<>();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      out.add(ByteBufUtil.hexDump(b));
      b.release();
    }
    return out;
  }

  private void receive(byte[]... frames) {
    channel.writeInbound(Wire.buffer(frames));
    channel.runPendingTasks();
  }

  @Test
  void echoesOfOneReadGoOutInOneBufferInOrderWithAControlFrameBetween() {
    open(Role.SERVER, echo, Limits.DEFAULT);
    receive(Wire.frame(true, Opcode.TEXT, utf8("a"), true), Wire.frame(true, Opcode.TEXT, utf8("bc"), true),
        Wire.frame(true, Opcode.TEXT, utf8("déf"), true));
    // The first two echoes were batched, the ping pushed them out ahead of it, the third started a new batch.
    assertThat(writes()).containsExactly("8101" + hex("a") + "8102" + hex("bc"), "890107", "8104" + hex("déf"));
    assertThat(texts).isEmpty();
    assertThat(connection.bufferedAmount()).isZero();
  }

  @Test
  void aBatchStaysUnwrittenUntilTheReadBatchCompletes() {
    open(Role.SERVER, echo, Limits.DEFAULT);
    channel.pipeline().fireChannelRead(Wire.buffer(Wire.frame(true, Opcode.TEXT, utf8("a"), true)));
    assertThat(channel.outboundMessages()).isEmpty();
    assertThat(connection.bufferedAmount()).isEqualTo(3);
    channel.pipeline().fireChannelReadComplete();
    assertThat(writes()).containsExactly("8101" + hex("a"));
    assertThat(connection.bufferedAmount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void sendsOutsideAReadCompleteTheirFuturesWhenWrittenInOrder(Role role) {
    open(role, new Endpoint() {}, Limits.DEFAULT);
    CompletableFuture<Void> one = connection.sendText(ByteBuffer.wrap(utf8("x")));
    CompletableFuture<Void> two = connection.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}));
    CompletableFuture<Void> three = connection.sendText("yz");
    List<String> frames = new ArrayList<>();
    for (String written : writes()) {
      for (byte[] f : Wire.splitFrames(ByteBufUtil.decodeHexDump(written))) {
        frames.add(Wire.unmaskedHex(Unpooled.wrappedBuffer(f), role == Role.CLIENT));
      }
    }
    assertThat(frames).containsExactly("8101" + hex("x"), "82020102", "8102" + hex("yz"));
    assertThat(List.of(one, two, three)).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThat(connection.bufferedAmount()).isZero();
  }

  @Test
  void offerRefusesWhenTheSendBufferWouldOverflowOrTheSessionIsNotOpen() {
    open(Role.SERVER, new Endpoint() {}, Limits.DEFAULT.withMaxBufferedBytes(1024));
    assertThat(connection.offerBinary(ByteBuffer.wrap(new byte[1020]))).isTrue(); // 1024 bytes with the header
    assertThat(connection.offerBinary(ByteBuffer.wrap(new byte[1]))).as("over maxBufferedBytes").isFalse();
    assertThat(connection.bufferedAmount()).isEqualTo(1024);
    assertThat(writes()).containsExactly("827e03fc" + "00".repeat(1020));
    connection.close(1000, "");
    assertThat(connection.offerText(ByteBuffer.wrap(utf8("late")))).as("closing").isFalse();
  }

  @Test
  void textSentAsBytesMustBeWellFormedUtf8() {
    open(Role.SERVER, new Endpoint() {}, Limits.DEFAULT);
    ByteBuffer bad = ByteBuffer.wrap(new byte[] {'o', 'k', (byte) 0xC3}); // a truncated two-byte character
    assertThatThrownBy(() -> connection.offerText(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not well-formed UTF-8");
    assertThatThrownBy(() -> connection.sendText(ByteBuffer.wrap(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})))
        .as("a surrogate").isInstanceOf(IllegalArgumentException.class);
    assertThat(writes()).isEmpty();
    assertThat(connection.bufferedAmount()).isZero();
  }

  @Test
  void theDefaultOnTextUtf8DecodesToOnText() {
    open(Role.SERVER, new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        texts.add(text);
      }
    }, Limits.DEFAULT);
    receive(Wire.frame(true, Opcode.TEXT, utf8("héllo"), true));
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
    channel.pipeline().fireChannelRead(Wire.buffer(Wire.frame(true, Opcode.BINARY, new byte[100], true)));
    CompletableFuture<Void> f = sent.get(0);
    channel.pipeline().remove("ws"); // before the read completed; a leaked batch fails the build
    channel.runPendingTasks();
    assertThat(f).isCompletedExceptionally();
    assertThat(channel.outboundMessages()).isEmpty();
    assertThat(connection.bufferedAmount()).isZero();
  }
}
