package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.closeFrameHex;
import static dev.switchboard.websocket.internal.Wire.closePayload;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.ProtocolViolationException;
import dev.switchboard.websocket.internal.ConnectionHarness.Ending;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the connection does with the peer's bytes beyond the state table: every kind of violation
 * closes with its code (RFC 6455 §7.4.1) and then drops TCP, the role's masking rule (§5.1),
 * reads split anywhere, and endpoint exceptions (§7.1.7, 1011).
 */
class NettyConnectionInboundTest extends ConnectionTestBase {

  private static final Limits SMALL = Limits.DEFAULT.withMaxFramePayloadBytes(125).withMaxMessageBytes(200);


  static Stream<Arguments> violations() {
    Object[][] cases = {
        {"invalid UTF-8 in a text frame (§8.1)", CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 in text message",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(Opcode.TEXT, new byte[] {(byte) 0xc3, 0x28})}},
        {"a text message ending inside a UTF-8 sequence (§8.1)", CloseCode.INVALID_PAYLOAD_DATA,
            "text message ends inside a UTF-8 sequence",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(Opcode.TEXT, new byte[] {(byte) 0xe2, (byte) 0x82})}},
        {"a frame over maxFramePayloadBytes (§10.4)", CloseCode.MESSAGE_TOO_BIG,
            "frame of 126 bytes exceeds maxFramePayloadBytes 125",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(Opcode.BINARY, new byte[126])}},
        {"fragments adding up to more than maxMessageBytes (§10.4)", CloseCode.MESSAGE_TOO_BIG,
            "message of at least 220 bytes exceeds maxMessageBytes 200",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {
                c.peerFrame(false, Opcode.BINARY, new byte[110]), c.peerFrame(true, Opcode.CONTINUATION, new byte[110])}},
        {"a continuation with no message to continue (§5.4)", CloseCode.PROTOCOL_ERROR,
            "continuation frame with no message to continue",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(true, Opcode.CONTINUATION, utf8("x"))}},
        {"a new message inside a fragmented one (§5.4)", CloseCode.PROTOCOL_ERROR,
            "BINARY frame started a new message before the TEXT message was finished",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {
                c.peerFrame(false, Opcode.TEXT, utf8("a")), c.peerFrame(Opcode.BINARY, utf8("b"))}},
        {"a close frame with a one-byte payload (§5.5.1)", CloseCode.PROTOCOL_ERROR,
            "close frame with a 1-byte payload; a status code takes 2 bytes",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(Opcode.CLOSE, new byte[] {3})}},
        {"close code 1005 on the wire (§7.4.1)", CloseCode.PROTOCOL_ERROR,
            "close code 1005 is not allowed on the wire (RFC 6455 §7.4)",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(Opcode.CLOSE, new byte[] {0x03, (byte) 0xed})}},
        {"a close reason that is not UTF-8 (§5.5.1)", CloseCode.INVALID_PAYLOAD_DATA, "close reason is not valid UTF-8",
            (Function<ConnectionHarness, byte[][]>) c -> new byte[][] {c.peerFrame(Opcode.CLOSE, new byte[] {0x03, (byte) 0xe8, (byte) 0xff})}},
    };
    return forEachRole(cases);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void aViolationIsAnsweredWithItsCloseCodeThenTcpIsDropped_7_1_7(
      String name, Role role, CloseCode code, String reason, Function<ConnectionHarness, byte[][]> frames) {
    open(role, SMALL);
    h.receive(frames.apply(h));
    h.assertFailedWith(code, reason);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void aFrameMaskedTheWrongWayForThePeersRoleIsAProtocolError_5_1(Role role) {
    open(role, Limits.DEFAULT);
    String reason = role == Role.SERVER
        ? "frames from a client must be masked (RFC 6455 §5.1)"
        : "frames from a server must not be masked (RFC 6455 §5.1)";
    h.receive(Wire.frame(true, Opcode.TEXT, utf8("Hello"), role == Role.CLIENT));

    assertThat(h.written()).containsExactly(closeFrameHex(1002, reason));
    assertThat(h.endpoint.take()).containsExactly("error:ProtocolViolationException", "close:1002");
    assertThat(h.ending()).isEqualTo(new Ending(1002, reason, false, false, ProtocolViolationException.class));
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void framesSplitIntoOneByteReadsDecodeAsWhole_5_2(Role role) {
    open(role, Limits.DEFAULT);
    byte[] stream = concat(
        h.peerFrame(false, Opcode.BINARY, new byte[300]),
        h.peerFrame(Opcode.PING, utf8("hi")),
        h.peerFrame(true, Opcode.CONTINUATION, new byte[] {9}),
        h.peerFrame(Opcode.TEXT, utf8("€uro")));
    for (byte b : stream) {
      h.receive(new byte[] {b});
    }
    assertThat(h.written()).containsExactly("8a026869");
    List<String> calls = h.endpoint.take();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0)).isEqualTo("ping:6869");
    assertThat(calls.get(1)).isEqualTo("binary:" + "00".repeat(300) + "09");
    assertThat(calls.get(2)).isEqualTo("text:€uro");
  }

  @Test
  void aMessageCutOffByTheConnectionLossReleasesItsPartialBufferAndEndsWith1006() {
    open(Role.SERVER, Limits.DEFAULT);
    h.receive(h.peerFrame(false, Opcode.BINARY, new byte[2000]));
    h.receive(h.peerFrame(false, Opcode.CONTINUATION, new byte[2000]));
    h.dropConnection();
    assertThat(h.endpoint.take()).containsExactly("close:1006");
    // FailOnLeaks fails this test if the assembly buffer was not released.
  }

  @Test
  void anEndpointExceptionStopsDeliveryOfFramesBehindItInTheSameRead_7_1_7() {
    open(Role.SERVER, Limits.DEFAULT);
    h.endpoint.throwOn = "text";
    h.receive(h.peerFrame(Opcode.TEXT, utf8("one")), h.peerFrame(Opcode.TEXT, utf8("two")), h.peerFrame(Opcode.PING, new byte[0]));

    assertThat(h.written()).containsExactly(closeFrameHex(1011, "internal error"));
    assertThat(h.endpoint.take()).containsExactly("text:one", "error:IllegalStateException", "close:1011");
    assertThat(h.ending()).isEqualTo(new Ending(1011, "internal error", false, false, IllegalStateException.class));
    assertThat(h.endpoint.closes.get(0).error()).isSameAs(RecordingEndpoint.BOOM);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void anExceptionFromOnOpenClosesWith1011_7_1_7(Role role) {
    h = ConnectionHarness.throwingOnOpen(role);
    assertThat(h.written()).containsExactly(closeFrameHex(1011, "internal error"));
    assertThat(h.channel.isOpen()).isFalse();
    assertThat(h.endpoint.take()).containsExactly("open", "error:IllegalStateException", "close:1011");
    assertThat(h.ending()).isEqualTo(new Ending(1011, "internal error", false, false, IllegalStateException.class));
  }

  @Test
  void anExceptionFromOnCloseIsLoggedNotRethrownAndOnCloseStaysSingle() {
    open(Role.SERVER, Limits.DEFAULT);
    h.endpoint.throwOn = "close";
    h.dropConnection(); // EmbeddedChannel would rethrow anything that reached the pipeline's tail
    h.channel.checkException();
    assertThat(h.endpoint.take()).containsExactly("close:1006");
  }

  @Test
  void anIoErrorIsReportedAndEndsTheSessionWith1006() {
    open(Role.CLIENT, Limits.DEFAULT);
    IOException reset = new IOException("Connection reset by peer");
    h.channel.pipeline().fireExceptionCaught(reset);
    h.runPending();

    assertThat(h.written()).isEmpty();
    assertThat(h.endpoint.take()).containsExactly("error:IOException", "close:1006");
    assertThat(h.ending()).isEqualTo(new Ending(1006, "", false, true, IOException.class));
    assertThat(h.endpoint.closes.get(0).error()).isSameAs(reset);
  }

  @Test
  void aCloseFrameWithoutStatusIsEchoedEmptyAndReportedAs1005_5_5_1() {
    open(Role.SERVER, Limits.DEFAULT);
    h.receive(h.peerFrame(Opcode.CLOSE, new byte[0]));
    assertThat(h.written()).containsExactly("8800");
    assertThat(h.ending()).isEqualTo(new Ending(1005, "", true, true, null));
  }

  @Test
  void theCloseEchoCarriesThePeersCodeWithoutItsReason_5_5_1() {
    open(Role.SERVER, Limits.DEFAULT);
    h.receive(h.peerFrame(Opcode.CLOSE, closePayload(3001, "app specific")));
    assertThat(h.written()).containsExactly("88020bb9");
    assertThat(h.ending()).isEqualTo(new Ending(3001, "app specific", true, true, null));
  }

  private static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
