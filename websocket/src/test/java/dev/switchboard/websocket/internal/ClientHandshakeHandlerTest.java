package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Handshake;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.internal.HttpWire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's opening handshake (RFC 6455 §4.1) on the pipeline {@code WebSocketClient} builds:
 * the request it sends, the checks on the answer, refusals with their status, headers and body,
 * the handshake timeout on a manual clock, and frames that arrive with the 101.
 */
@ExtendWith(FailOnLeaks.class)
class ClientHandshakeHandlerTest {

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
  private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(HANDSHAKE_TIMEOUT);

  private final RecordingEndpoint endpoint = new RecordingEndpoint();
  private final CompletableFuture<Session> result = new CompletableFuture<>();
  private EmbeddedChannel channel;
  private Message request;

  /** Connects (the embedded channel is already active) and reads the request that goes out. */
  private void connect(ConnectRequest connectRequest) {
    channel = HttpWire.clientChannel(LIMITS, new ClientHandshakeHandler(connectRequest, endpoint, LIMITS, false, result));
    request = HttpWire.parse(HttpWire.drainOutbound(channel));
  }

  private void connect(String url, String... subprotocols) {
    connect(ConnectRequest.to(url).subprotocols(subprotocols).build());
  }

  @AfterEach
  void tearDown() {
    HttpWire.finish(channel, endpoint);
  }

  /** The headers of a valid 101 answer to the request that went out. */
  private Map<String, String> validAnswer() {
    return HttpWire.validAnswerHeaders(request.header("Sec-WebSocket-Key"));
  }

  private void answer(String statusLine, Map<String, String> headers, byte[]... after) {
    byte[][] parts = new byte[after.length + 1][];
    parts[0] = HttpWire.head(statusLine, headers);
    System.arraycopy(after, 0, parts, 1, after.length);
    channel.writeInbound(Wire.buffer(parts));
    channel.runPendingTasks();
  }

  private void answer101(Map<String, String> headers, byte[]... after) {
    answer("HTTP/1.1 101 Switching Protocols", headers, after);
  }

  private WebSocketConnectException failure() {
    assertThat(result).isCompletedExceptionally();
    try {
      result.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketConnectException.class);
      return (WebSocketConnectException) e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theRequestCarriesEveryHeaderOfRfcSection4_1AndTheCallersOwn() {
    connect(ConnectRequest.to("ws://example.com:8081/chat?room=7")
        .subprotocols("chat.v2", "chat.v1")
        .header("Authorization", "Bearer abc")
        .header("X-Trace", "one").header("X-Trace", "two")
        .build());

    assertThat(request.startLine()).isEqualTo("GET /chat?room=7 HTTP/1.1");
    assertThat(request.header("Host")).isEqualTo("example.com:8081");
    assertThat(request.header("Upgrade")).isEqualTo("websocket");
    assertThat(request.header("Connection")).isEqualToIgnoringCase("upgrade");
    assertThat(Handshake.isValidKey(request.header("Sec-WebSocket-Key"))).isTrue();
    assertThat(request.header("Sec-WebSocket-Version")).isEqualTo("13");
    assertThat(request.header("Sec-WebSocket-Protocol")).isEqualTo("chat.v2, chat.v1");
    assertThat(request.header("Authorization")).isEqualTo("Bearer abc");
    assertThat(request.headers().get("x-trace")).containsExactly("one", "two");
    assertThat(request.header("Sec-WebSocket-Extensions")).as("we offer no extension").isNull();
    assertThat(request.body()).isEmpty();
  }

  @ParameterizedTest(name = "{0} sends Host: {1}")
  @CsvSource({
      "ws://example.com/x, example.com",
      "ws://example.com:80/x, example.com",
      "ws://example.com:443/x, example.com:443",
      "wss://example.com:443/x, example.com",
      "wss://example.com:80/x, example.com:80",
      "ws://127.0.0.1:9001/x, 127.0.0.1:9001"})
  void theHostHeaderNamesThePortOnlyWhenItIsNotTheSchemesDefault_4_1(String url, String host) {
    connect(url);
    assertThat(request.header("Host")).isEqualTo(host);
    assertThat(request.header("Sec-WebSocket-Protocol")).isNull();
  }

  @Test
  void aValid101CompletesTheConnectWithAnOpenSessionAfterOnOpen() {
    connect("ws://example.com/chat", "chat.v1", "chat.v2");
    Map<String, String> answer = validAnswer();
    answer.put("Sec-WebSocket-Protocol", "chat.v2");
    result.thenAccept(s -> endpoint.events.add("connected"));
    answer101(answer);

    assertThat(result).isCompleted();
    Session session = result.join();
    assertThat(endpoint.take()).containsExactly("open", "connected");
    assertThat(session).isSameAs(endpoint.session);
    assertThat(session.readyState()).isEqualTo(ReadyState.OPEN);
    assertThat(session.protocol()).isEqualTo("chat.v2");
    assertThat(session.url()).hasToString("ws://example.com/chat");
    assertThat(channel.pipeline().names()).contains("ws")
        .doesNotContain(ClientHandshakeHandler.HTTP_CODEC, ClientHandshakeHandler.NAME);

    session.sendText("Hi");
    channel.runPendingTasks();
    ByteBuf frame = channel.readOutbound();
    try {
      assertThat(Wire.unmaskedHex(frame, true)).isEqualTo("81024869");
    } finally {
      frame.release();
    }
    HttpWire.advance(channel, HANDSHAKE_TIMEOUT.multipliedBy(2));
    assertThat(session.readyState()).as("the handshake timer ends with the handshake").isEqualTo(ReadyState.OPEN);
  }

  @Test
  void framesInTheSameReadAsThe101AreDeliveredAfterOnOpen_4_1() {
    connect("ws://example.com/chat");
    answer101(validAnswer(),
        Wire.frame(true, Opcode.TEXT, utf8("first"), false),
        Wire.frame(true, Opcode.PING, utf8("p"), false));
    assertThat(result).isCompleted();
    assertThat(endpoint.take()).containsExactly("open", "text:first", "ping:70");
  }

  static Stream<Arguments> invalidAnswers() {
    return Stream.of(
        invalid("a wrong Sec-WebSocket-Accept", h -> h.put("Sec-WebSocket-Accept", HttpWire.RFC_ACCEPT), List.of(),
            "Sec-WebSocket-Accept"),
        invalid("no Sec-WebSocket-Accept", h -> h.remove("Sec-WebSocket-Accept"), List.of(), "Sec-WebSocket-Accept"),
        invalid("no Upgrade: websocket", h -> h.remove("Upgrade"), List.of(), "Upgrade"),
        invalid("no Connection: Upgrade", h -> h.put("Connection", "keep-alive"), List.of(), "Connection"),
        invalid("a subprotocol we did not offer", h -> h.put("Sec-WebSocket-Protocol", "chat.v9"), List.of("chat.v1"),
            "did not offer"),
        invalid("a subprotocol when we offered none", h -> h.put("Sec-WebSocket-Protocol", "chat.v1"), List.of(),
            "did not offer"),
        invalid("no subprotocol when we offered some", h -> { }, List.of("chat.v1", "chat.v2"), "chose none"),
        invalid("an extension we did not offer", h -> h.put("Sec-WebSocket-Extensions", "permessage-deflate"), List.of(),
            "extensions we did not offer"));
  }

  private static Arguments invalid(String what, Consumer<Map<String, String>> change, List<String> offered, String message) {
    return Arguments.of(what, change, offered, message);
  }

  @ParameterizedTest(name = "101 with {0} fails the connect (§4.1)")
  @MethodSource("invalidAnswers")
  void aBrokenAnswerFailsTheConnectAsAnInvalidHandshake_4_1(
      String what, Consumer<Map<String, String>> change, List<String> offered, String message) {
    connect("ws://example.com/chat", offered.toArray(String[]::new));
    Map<String, String> answer = validAnswer();
    change.accept(answer);
    answer101(answer, Wire.frame(true, Opcode.TEXT, utf8("ignored"), false));

    WebSocketConnectException e = failure();
    assertThat(e.failure()).isEqualTo(ConnectFailure.INVALID_HANDSHAKE);
    assertThat(e).hasMessageContaining(message);
    assertThat(channel.isOpen()).isFalse();
    assertThat(endpoint.take()).isEmpty();
  }

  @Test
  void anAnswerHeadOverMaxHandshakeHeaderBytesFailsTheConnect() {
    connect("ws://example.com/chat");
    Map<String, String> answer = validAnswer();
    answer.put("X-Padding", "p".repeat(LIMITS.maxHandshakeHeaderBytes()));
    answer101(answer);
    WebSocketConnectException e = failure();
    assertThat(e.failure()).isEqualTo(ConnectFailure.INVALID_HANDSHAKE);
    assertThat(e).hasMessageContaining("malformed HTTP answer");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aRefusalFailsTheConnectWithItsStatusHeadersAndBody() {
    connect("ws://example.com/chat");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain");
    headers.put("Content-Length", "13");
    headers.put("X-Reason", "token");
    answer("HTTP/1.1 403 Forbidden", headers, "token expired".getBytes(StandardCharsets.UTF_8));

    WebSocketConnectException e = failure();
    assertThat(e.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.responseBody()).isEqualTo("token expired");
    assertThat(e.responseHeaders()).containsEntry("x-reason", List.of("token")).containsEntry("content-length", List.of("13"));
    assertThat(e).hasMessageContaining("403 Forbidden: token expired");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aRefusalWhoseBodyEndsWithTheConnectionKeepsTheBody() {
    connect("ws://example.com/chat");
    answer("HTTP/1.1 503 Service Unavailable", Map.of("Connection", "close"), "busy, retry".getBytes(StandardCharsets.UTF_8));
    assertThat(result).isNotDone();
    channel.close();
    channel.runPendingTasks();

    WebSocketConnectException e = failure();
    assertThat(e.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.responseBody()).isEqualTo("busy, retry");
  }

  @Test
  void noAnswerWithinTheHandshakeTimeoutFailsTheConnectAndClosesTheSocket() {
    connect("ws://example.com/chat");
    HttpWire.advance(channel, HANDSHAKE_TIMEOUT.minusMillis(1));
    assertThat(result).isNotDone();
    HttpWire.advance(channel, Duration.ofMillis(1));

    assertThat(failure().failure()).isEqualTo(ConnectFailure.HANDSHAKE_TIMEOUT);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aHalfAnswerDoesNotStopTheHandshakeTimeout() {
    connect("ws://example.com/chat");
    channel.writeInbound(Wire.buffer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.US_ASCII)));
    HttpWire.advance(channel, HANDSHAKE_TIMEOUT);
    assertThat(failure().failure()).isEqualTo(ConnectFailure.HANDSHAKE_TIMEOUT);
  }

  @Test
  void theServerClosingBeforeAnsweringIsAConnectionLoss() {
    connect("ws://example.com/chat");
    channel.close();
    channel.runPendingTasks();
    assertThat(failure().failure()).isEqualTo(ConnectFailure.CONNECTION_LOST);
  }
}
