package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.hex;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A received message sent back unchanged from its own callback (an echo): text is not validated
 * a second time, and a large message is written from the buffer it arrived in rather than
 * copied. Anything else that merely looks like it (a sub-range, a binary message sent as text,
 * a client that must mask) takes the ordinary path, checks included.
 */
class PassedBackTest {

  private EmbeddedSession session;
  private final List<Throwable> refused = new ArrayList<>();
  private final List<CompletableFuture<Void>> futures = new ArrayList<>();

  /** An endpoint that hands every message to {@code send}, with the session and the borrowed buffer. */
  private Endpoint sending(BiFunction<Session, ByteBuffer, Object> send) {
    return new Endpoint() {
      @Override
      public void onTextUtf8(Session s, ByteBuffer utf8) {
        pass(s, utf8);
      }

      @Override
      public void onBinary(Session s, ByteBuffer data) {
        pass(s, data);
      }

      private void pass(Session s, ByteBuffer b) {
        try {
          Object result = send.apply(s, b);
          if (result instanceof CompletableFuture) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Void> f = (CompletableFuture<Void>) result;
            futures.add(f);
          }
        } catch (IllegalArgumentException e) {
          refused.add(e);
        }
      }
    };
  }

  /** Whether {@link #offerEcho} answers with offerText (else offerBinary). */
  private boolean text;

  private final Endpoint offerEcho = sending((s, b) -> text ? s.offerText(b) : s.offerBinary(b));

  private void open(Role role, Endpoint endpoint) {
    session = EmbeddedSession.open(role, endpoint, Limits.DEFAULT);
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }


  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void aTextMessagePassedBackGoesOutAsItCame() {
    text = true;
    open(Role.SERVER, offerEcho);
    session.receive(Wire.frame(true, Opcode.TEXT, utf8("aé"), true));
    assertThat(session.writes()).containsExactly("8103" + hex("aé"));
    assertThat(refused).isEmpty();
  }

  @Test
  void aSubRangeOfTheDeliveredTextIsValidatedAgainAndRefusedWhenItSplitsACharacter() {
    open(Role.SERVER, sending((s, b) -> {
      b.limit(b.limit() - 1); // the same buffer, cut inside "é"
      return s.offerText(b);
    }));
    session.receive(Wire.frame(true, Opcode.TEXT, utf8("aé"), true));
    assertThat(refused).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("not well-formed UTF-8"));
    assertThat(session.writes()).isEmpty();
  }

  @Test
  void aBinaryMessagePassedBackAsTextIsValidated() {
    open(Role.SERVER, sending((s, b) -> s.offerText(b)));
    session.receive(Wire.frame(true, Opcode.BINARY, new byte[] {(byte) 0xff, (byte) 0xfe}, true));
    assertThat(refused).hasSize(1);
    assertThat(session.writes()).isEmpty();
  }

  @Test
  void aLargeBinaryMessageIsWrittenFromTheBufferItArrivedInBetweenBatchedEchoes() {
    open(Role.SERVER, offerEcho);
    byte[] big = pattern(5000);
    session.receive(Wire.frame(true, Opcode.BINARY, new byte[] {1}, true), Wire.frame(true, Opcode.BINARY, big, true),
        Wire.frame(true, Opcode.BINARY, new byte[] {2}, true));
    // Small echoes are copied into the batch; the large one's header ends a batch and its payload
    // is a write of its own (a copy would have put it in the first batch with the rest).
    assertThat(session.writes()).containsExactly("820101" + "827e1388", hex(big), "820102");
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @Test
  void aLargeMessageAssembledFromTwoReadsIsWrittenFromTheAssemblyWithItsFutureCompleted() {
    open(Role.SERVER, sending((s, b) -> s.sendBinary(b)));
    byte[] big = pattern(70_000);
    byte[] frame = Wire.frame(true, Opcode.BINARY, big, true);
    session.receive(Arrays.copyOfRange(frame, 0, 30_000));
    session.receive(Arrays.copyOfRange(frame, 30_000, frame.length));
    assertThat(session.writes()).containsExactly("827f0000000000011170", hex(big));
    assertThat(futures).singleElement().satisfies(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThat(session.connection.bufferedAmount()).isZero();
  }

  @Test
  void aLargeMessageFillingLessThanAQuarterOfItsReadBufferIsCopiedNotPinningTheBuffer() {
    open(Role.SERVER, offerEcho);
    byte[] big = pattern(5000);
    ByteBuf read = io.netty.buffer.Unpooled.buffer(65_536).writeBytes(Wire.frame(true, Opcode.BINARY, big, true));
    session.channel.writeInbound(read);
    assertThat(session.writes()).containsExactly("827e1388" + hex(big));
  }

  @Test
  void aMessageBelowTheRetainSizeIsCopiedIntoTheBatch() {
    open(Role.SERVER, offerEcho);
    byte[] small = pattern(Outbound.RETAIN_FROM_BYTES - 1);
    session.receive(Wire.frame(true, Opcode.BINARY, small, true));
    assertThat(session.writes()).containsExactly("827e0fff" + hex(small));
  }

  @Test
  void aClientMasksWhatItPassesBackSoItCopies() {
    open(Role.CLIENT, offerEcho);
    byte[] big = pattern(5000);
    session.receive(Wire.frame(true, Opcode.BINARY, big, false));
    List<String> written = session.writes();
    assertThat(written).hasSize(1);
    byte[] wire = ByteBufUtil.decodeHexDump(written.get(0));
    assertThat(Wire.unmaskedHex(io.netty.buffer.Unpooled.wrappedBuffer(wire), true)).isEqualTo("827e1388" + hex(big));
  }

  @Test
  void aCopyOfTheDeliveredBufferTakesTheOrdinaryPath() {
    open(Role.SERVER, sending((s, b) -> s.offerBinary(b.duplicate())));
    byte[] big = pattern(5000);
    session.receive(Wire.frame(true, Opcode.BINARY, big, true));
    assertThat(session.writes()).containsExactly("827e1388" + hex(big));
  }
}
