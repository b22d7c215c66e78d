package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.unhex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.internal.HttpWire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Negotiating permessage-deflate in the opening handshake (RFC 7692 §5, §7.1) on the pipelines
 * {@code WebSocketServer} and {@code WebSocketClient} build: the server's answer to offers and
 * whether its connection then takes compressed frames; the client's offer, the answers it accepts
 * and whether it then compresses, and the answers that fail the connect.
 */
@ExtendWith(FailOnLeaks.class)
class DeflateHandshakeTest {

  /** A masked text frame with RSV1 carrying "Hello" compressed (RFC 7692 §7.2.3.1). */
  private static final byte[] COMPRESSED_HELLO = Wire.frame(true, true, Opcode.TEXT, unhex("f248cdc9c90700"), true);

  private final RecordingEndpoint endpoint = new RecordingEndpoint();
  private EmbeddedChannel channel;

  @AfterEach
  void tearDown() {
    HttpWire.finish(channel, endpoint);
  }

  // ------------------------------------------------------------------ server

  static Stream<Arguments> offers() {
    DeflateConfig on = DeflateConfig.DEFAULT;
    return Stream.of(
        // what Chromium offers
        Arguments.of(on, "permessage-deflate; client_max_window_bits", "permessage-deflate"),
        Arguments.of(on, "permessage-deflate; client_no_context_takeover", "permessage-deflate; client_no_context_takeover"),
        Arguments.of(on.withNoContextTakeover(true), "permessage-deflate", "permessage-deflate; server_no_context_takeover"),
        // RFC 7692 §7.1.2.1: a smaller server window is granted (Huffman-only) and answered
        Arguments.of(on, "permessage-deflate; server_max_window_bits=10, permessage-deflate",
            "permessage-deflate; server_max_window_bits=10"),
        Arguments.of(on, "permessage-deflate; server_max_window_bits=16, permessage-deflate", "permessage-deflate"),
        Arguments.of(on, "permessage-deflate; server_max_window_bits=16", null),
        Arguments.of(on, "x-webkit-deflate-frame", null),
        // RFC 7692 §7: repeated parameters decline the offer; they do not fail the handshake
        Arguments.of(on, "permessage-deflate; client_max_window_bits; client_max_window_bits", null),
        // a server without compression ignores the header, even one it could not parse
        Arguments.of(null, "permessage-deflate; client_max_window_bits", null),
        Arguments.of(null, "permessage-deflate; x=\"not a token\"", null));
  }

  @ParameterizedTest(name = "compression {0}, offer [{1}]: answer [{2}]")
  @MethodSource("offers")
  void theServerAnswersAnOfferAndItsConnectionTakesCompressedFramesOnlyIfItAgreed_5(
      DeflateConfig config, String offer, String answer) {
    Router router = new Router(List.of(Route.of("/chat", endpoint)));
    channel = HttpWire.serverChannel(Limits.DEFAULT, new ServerUpgradeHandler(router, Limits.DEFAULT, false, c -> { }, config));
    Map<String, String> headers = HttpWire.validRequestHeaders();
    headers.put("Sec-WebSocket-Extensions", offer);
    channel.writeInbound(Wire.buffer(HttpWire.get("/chat", headers)));
    channel.runPendingTasks();

    Message res = HttpWire.parse(HttpWire.drainOutbound(channel));
    assertThat(res.status()).isEqualTo(101);
    assertThat(res.header("Sec-WebSocket-Extensions")).isEqualTo(answer);
    assertThat(endpoint.session.extensions()).isEqualTo(answer == null ? "" : answer);

    channel.writeInbound(Wire.buffer(COMPRESSED_HELLO));
    channel.runPendingTasks();
    assertThat(endpoint.take()).containsExactlyElementsOf(answer != null
        ? List.of("open", "text:Hello")
        : List.of("open", "error:ProtocolViolationException", "close:1002"));
  }

  // ------------------------------------------------------------------ client

  private final CompletableFuture<Session> result = new CompletableFuture<>();

  /** Connects offering {@code config}; returns the request that went out. */
  private Message connect(DeflateConfig config) {
    ConnectRequest request = ConnectRequest.to("ws://example.com/chat").build();
    channel = HttpWire.clientChannel(Limits.DEFAULT,
        new ClientHandshakeHandler(request, endpoint, Limits.DEFAULT, false, result, config));
    return HttpWire.parse(HttpWire.drainOutbound(channel));
  }

  /** The server's 101, with {@code extensions} as its Sec-WebSocket-Extensions unless null. */
  private void answer(Message request, String extensions) {
    Map<String, String> h = HttpWire.validAnswerHeaders(request.header("Sec-WebSocket-Key"));
    h.put("Sec-WebSocket-Extensions", extensions);
    channel.writeInbound(Wire.buffer(HttpWire.head("HTTP/1.1 101 Switching Protocols", h)));
    channel.runPendingTasks();
  }

  @ParameterizedTest(name = "offer [{1}], answer [{2}]: compressed {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "false | permessage-deflate; client_max_window_bits                             | permessage-deflate                             | true",
      "false | permessage-deflate; client_max_window_bits                             | permessage-deflate; server_max_window_bits=10  | true",
      "false | permessage-deflate; client_max_window_bits                             | permessage-deflate; client_no_context_takeover | true",
      // §7.1.2.2: the server may set our window; we honour it (Huffman-only below 15 bits)
      "false | permessage-deflate; client_max_window_bits                             | permessage-deflate; client_max_window_bits=9   | true",
      "true  | permessage-deflate; client_no_context_takeover; client_max_window_bits | permessage-deflate; client_no_context_takeover | true",
      // the server declined: the client goes on without compression
      "false | permessage-deflate; client_max_window_bits                             | -                                              | false"})
  void theClientOffersAndCompressesOnlyWhatTheServerAccepted_7_1(
      boolean noContextTakeover, String offer, String answer, boolean compressed) {
    Message request = connect(DeflateConfig.DEFAULT.withNoContextTakeover(noContextTakeover));
    assertThat(request.header("Sec-WebSocket-Extensions")).isEqualTo(offer);
    answer(request, answer);

    Session session = result.join();
    assertThat(session.extensions()).isEqualTo(answer == null ? "" : answer);
    session.sendText("x".repeat(4096));
    channel.runPendingTasks();
    ByteBuf frame = channel.readOutbound();
    try {
      assertThat(frame.getByte(frame.readerIndex()) & 0xff).as("FIN, RSV1 and opcode").isEqualTo(compressed ? 0xc1 : 0x81);
    } finally {
      frame.release();
    }
  }

  @ParameterizedTest(name = "[{0}] fails the connect: {1}")
  @CsvSource(delimiter = '|', value = {
      // RFC 7692 §7.1.2.2: an answer's client_max_window_bits needs a value of 8-15
      "permessage-deflate; client_max_window_bits=16   | client_max_window_bits must be 8-15",
      "permessage-deflate; client_max_window_bits      | client_max_window_bits must be 8-15",
      "permessage-deflate; mystery                     | unknown permessage-deflate parameter 'mystery'",
      "permessage-deflate; server_max_window_bits=7    | server_max_window_bits must be 8-15",
      "permessage-deflate; server_no_context_takeover=1 | takes no value",
      // RFC 6455 §9.1: only extensions the client offered, each at most once
      "x-foo                                           | we offered only permessage-deflate",
      "permessage-deflate, x-foo                       | we offered only permessage-deflate",
      "permessage-deflate, permessage-deflate          | we offered only permessage-deflate",
      "permessage-deflate; x=\"1                       | unterminated quoted string"})
  void anAnswerWeCannotAcceptFailsTheConnectAsAnInvalidHandshake_7_1(String answer, String message) {
    answer(connect(DeflateConfig.DEFAULT), answer);
    assertThat(result).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
        .isInstanceOfSatisfying(WebSocketConnectException.class,
            e -> assertThat(e.failure()).isEqualTo(ConnectFailure.INVALID_HANDSHAKE))
        .withMessageContaining("bad Sec-WebSocket-Extensions answer")
        .withMessageContaining(message);
    assertThat(channel.isOpen()).isFalse();
    assertThat(endpoint.take()).isEmpty();
  }
}
