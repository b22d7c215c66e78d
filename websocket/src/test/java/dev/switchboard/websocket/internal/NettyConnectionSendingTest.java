package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.hex;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.ReadyState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sending side: fragmented messages and what waits behind them (RFC 6455 §5.4), control
 * frames between fragments (§5.5), {@code bufferedAmount()}, masking by the client (§5.3), and the
 * caller's mistakes that throw at the call.
 */
class NettyConnectionSendingTest extends ConnectionTestBase {

  private ConnectionHarness open(Role role) {
    return open(role, Limits.DEFAULT);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(utf8(s));
  }

  private static void assertFailsNotOpen(CompletableFuture<?> f) {
    assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void aWholeMessageSentDuringAFragmentedOneWaitsBehindItWhileAPingGoesBetweenFrames_5_4(Role role) {
    open(role);
    int header = role == Role.CLIENT ? 6 : 2;
    CompletableFuture<Void> first = h.connection.sendFragment(MessageType.TEXT, bytes("Hel"), false);
    assertThat(h.connection.bufferedAmount()).isEqualTo(header + 3);
    CompletableFuture<Void> whole = h.connection.sendText("whole");
    assertThat(h.connection.bufferedAmount()).as("the fragment and the waiting message").isEqualTo(2L * header + 3 + 5);
    CompletableFuture<Void> ping = h.connection.ping(bytes("p"));

    assertThat(h.written()).containsExactly("0103" + hex("Hel"), "890170");
    assertThat(first).isCompleted();
    assertThat(ping).isCompleted();
    assertThat(whole).as("waits for the fragmented message to finish").isNotDone();
    assertThat(h.connection.bufferedAmount()).isEqualTo(header + 5);

    CompletableFuture<Void> last = h.connection.sendFragment(MessageType.TEXT, bytes("lo"), true);
    assertThat(h.written()).containsExactly("8002" + hex("lo"), "8105" + hex("whole"));
    assertThat(List.of(last, whole)).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThat(h.connection.bufferedAmount()).isZero();
  }

  @Test
  void aFragmentOfTheOtherTypeWhileAMessageIsUnfinishedFailsAndLeavesTheMessageIntact() {
    open(Role.SERVER);
    h.connection.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[] {1}), false);
    CompletableFuture<Void> wrong = h.connection.sendFragment(MessageType.TEXT, bytes("x"), true);
    assertThat(wrong).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("BINARY message is being sent");
    h.connection.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[] {2}), true);
    assertThat(h.written()).containsExactly("020101", "800102");
    assertThat(h.connection.bufferedAmount()).isZero();
  }

  @Test
  void messagesWaitingBehindAnUnfinishedFragmentedMessageFailWhenTheSessionEnds() {
    open(Role.SERVER);
    h.connection.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[] {1}), false);
    CompletableFuture<Void> text = h.connection.sendText("never");
    CompletableFuture<Void> binary = h.connection.sendBinary(new byte[64]);
    h.dropConnection();
    assertFailsNotOpen(text);
    assertFailsNotOpen(binary);
    assertThat(h.connection.bufferedAmount()).isZero();
    // FailOnLeaks checks that the encoded frames of the waiting messages were released.
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536})
  void theClientMasksEveryFrameOfEveryLengthWithAFreshKey_5_3(int length) {
    open(Role.CLIENT);
    byte[] payload = new byte[length];
    for (int i = 0; i < length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    String plain = hex(Wire.frame(true, Opcode.BINARY, payload, false));
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      h.connection.sendBinary(payload);
      h.runPending();
      ByteBuf frame = h.channel.readOutbound();
      try {
        int keyAt = length < 126 ? 2 : length <= 65535 ? 4 : 10;
        keys.add(ByteBufUtil.hexDump(frame, keyAt, 4));
        assertThat(Wire.unmaskedHex(frame, true)).isEqualTo(plain);
      } finally {
        frame.release();
      }
    }
    assertThat(keys).as("a new masking key for each frame").hasSize(3);
  }

  @Test
  void sendingCopiesTheCallersBufferAndLeavesItsPositionAlone() {
    open(Role.SERVER);
    ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
    data.position(1);
    h.connection.sendBinary(data);
    h.connection.sendFragment(MessageType.BINARY, data, true);
    data.put(1, (byte) 9);
    assertThat(data.position()).isEqualTo(1);
    assertThat(h.written()).containsExactly("8203020304", "8203020304");
  }

  @Test
  void callersMistakesThrowAtTheCallAndSendNothing() {
    open(Role.SERVER);
    assertThatThrownBy(() -> h.connection.ping(ByteBuffer.allocate(126)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 125");
    assertThatThrownBy(() -> h.connection.close(1005, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1005");
    assertThatThrownBy(() -> h.connection.close(1000, "x".repeat(124)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("123");
    assertThat(h.written()).isEmpty();
    assertThat(h.connection.readyState()).isEqualTo(ReadyState.OPEN);
  }

  @Test
  void closeReturnsTheSameFutureEveryTimeAndItCompletesWithTheTerminalEvent() {
    open(Role.SERVER);
    CompletableFuture<CloseEvent> first = h.connection.close(1000, "bye");
    assertThat(h.connection.close(4001, "again")).isSameAs(first);
    assertThat(h.written()).containsExactly("880503e8" + hex("bye"));
    h.receive(h.peerFrame(Opcode.CLOSE, Wire.closePayload(1000, "")));
    assertThat(first).isCompletedWithValue(h.endpoint.closes.get(0));
    assertThat(h.connection.close()).isSameAs(first);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void abortDropsTcpWithoutACloseFrameAndReports1006AsALocalClose(Role role) {
    open(role);
    h.connection.abort();
    h.runPending();
    assertThat(h.written()).isEmpty();
    assertThat(h.channel.isOpen()).isFalse();
    assertThat(h.ending()).isEqualTo(new ConnectionHarness.Ending(1006, "", false, false, null));
  }

  @Test
  void onWritableFiresWhenTheTransportDrainsBelowItsLowWaterMark() {
    open(Role.SERVER);
    h.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    h.connection.sendBinary(new byte[32]);
    assertThat(h.connection.isWritable()).isFalse();
    assertThat(h.endpoint.take()).isEmpty();
    h.written();
    assertThat(h.connection.isWritable()).isTrue();
    assertThat(h.endpoint.take()).containsExactly("writable");
  }
}
