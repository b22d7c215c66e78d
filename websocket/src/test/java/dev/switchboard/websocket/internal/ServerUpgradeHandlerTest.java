package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.HttpWire.RFC_ACCEPT;
import static dev.switchboard.websocket.internal.HttpWire.get;
import static dev.switchboard.websocket.internal.HttpWire.validRequestHeaders;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Opcode;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Upgrade;
import dev.switchboard.websocket.UpgradeHandler;
import dev.switchboard.websocket.UpgradeRequest;
import dev.switchboard.websocket.internal.HttpWire.Message;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's opening handshake (RFC 6455 §4.2) on the pipeline {@code WebSocketServer} builds:
 * routing, validation and its HTTP statuses, subprotocols, decisions made now or later, the
 * handshake timeout on a manual clock, and the switch to the WebSocket connection.
 */
@ExtendWith(FailOnLeaks.class)
class ServerUpgradeHandlerTest {

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
  private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(HANDSHAKE_TIMEOUT).withMaxHandshakeHeaderBytes(1024);

  private final RecordingEndpoint endpoint = new RecordingEndpoint();
  private final List<NettyConnection> connections = new ArrayList<>();
  private final List<Upgrade> pending = new ArrayList<>();
  private final List<UpgradeRequest> requests = new ArrayList<>();
  private EmbeddedChannel channel;

  /** Decides later: keeps the request and the decision handle for the test. */
  private final UpgradeHandler deferring = (request, upgrade) -> {
    requests.add(request);
    pending.add(upgrade);
  };

  private void start(UpgradeHandler handler, String... subprotocols) {
    Route route = Route.of("/chat", endpoint).withUpgradeHandler(handler).withSubprotocols(subprotocols);
    Router router = new Router(List.of(route, Route.of("/rooms/*", endpoint)));
    channel = HttpWire.serverChannel(LIMITS, new ServerUpgradeHandler(router, LIMITS, false, connections::add));
  }

  private void start() {
    start(UpgradeHandler.ACCEPT_ALL);
  }

  @AfterEach
  void tearDown() {
    HttpWire.finish(channel, endpoint);
  }

  private void send(byte[]... parts) {
    channel.writeInbound(Wire.buffer(parts));
    channel.runPendingTasks();
  }

  private Message response() {
    return HttpWire.parse(HttpWire.drainOutbound(channel));
  }

  private static byte[] clientFrame(Opcode op, String text) {
    return Wire.frame(true, op, utf8(text), true);
  }

  private void assertSwitched(Message res) {
    assertThat(res.startLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
    assertThat(res.header("Upgrade")).isEqualTo("websocket");
    assertThat(res.header("Connection")).isEqualTo("upgrade");
    assertThat(res.header("Sec-WebSocket-Accept")).isEqualTo(RFC_ACCEPT);
    assertThat(res.header("Sec-WebSocket-Extensions")).as("no extension was negotiated").isNull();
    assertThat(channel.pipeline().names()).contains("ws")
        .doesNotContain(ServerUpgradeHandler.HTTP_DECODER, ServerUpgradeHandler.HTTP_ENCODER,
            ServerUpgradeHandler.HTTP_AGGREGATOR, ServerUpgradeHandler.NAME);
    assertThat(connections).hasSize(1);
    assertThat(endpoint.session).isSameAs(connections.get(0));
  }

  @Test
  void aValidRequestIsAnsweredWith101AndTheRfcSection1_3AcceptThenTheConnectionTakesOver_4_2_2() {
    start();
    send(get("/chat?room=7", validRequestHeaders()));

    Message res = response();
    assertSwitched(res);
    assertThat(res.header("Sec-WebSocket-Protocol")).isNull();
    assertThat(res.rest()).isEmpty();
    assertThat(endpoint.take()).containsExactly("open");
    assertThat(endpoint.session.url()).hasToString("/chat?room=7");
    assertThat(endpoint.session.protocol()).isEmpty();

    send(clientFrame(Opcode.TEXT, "Hello"));
    assertThat(endpoint.take()).containsExactly("text:Hello");
    HttpWire.advance(channel, HANDSHAKE_TIMEOUT.multipliedBy(2));
    assertThat(channel.isOpen()).as("the handshake timer ends with the handshake").isTrue();
  }

  @Test
  void framesRightBehindTheRequestInTheSameReadReachTheConnectionAfterOnOpen_4_2_2() {
    start();
    send(get("/chat", validRequestHeaders()), clientFrame(Opcode.TEXT, "early"), clientFrame(Opcode.PING, "p"));

    Message res = response();
    assertSwitched(res);
    assertThat(endpoint.take()).containsExactly("open", "text:early", "ping:70");
    assertThat(Wire.hex(res.rest())).as("the pong follows the 101").isEqualTo("8a0170");
  }

  @Test
  void aDecisionMadeLaterSwitchesOnlyThenAndFramesAfterItAreDelivered() {
    start(deferring);
    send(get("/chat?user=ann", validRequestHeaders()));
    assertThat(HttpWire.drainOutbound(channel)).as("nothing before the decision").isEmpty();
    assertThat(endpoint.take()).isEmpty();
    UpgradeRequest req = requests.get(0);
    assertThat(req.path()).isEqualTo("/chat");
    assertThat(req.queryParam("user")).isEqualTo("ann");
    assertThat(req.header("sec-websocket-key")).isEqualTo(HttpWire.RFC_KEY);
    assertThat(req.remoteAddress().getPort()).isEqualTo(50123);

    HttpWire.advance(channel, HANDSHAKE_TIMEOUT.minusMillis(1));
    assertThat(pending.get(0).accept("ann's data")).isTrue();
    channel.runPendingTasks();
    assertSwitched(response());
    assertThat(endpoint.take()).containsExactly("open");
    assertThat(endpoint.session.attachment()).isEqualTo("ann's data");

    assertThat(pending.get(0).accept()).as("a decision is made once").isFalse();
    assertThat(pending.get(0).reject(403, "late")).isFalse();
    send(clientFrame(Opcode.TEXT, "after"));
    assertThat(endpoint.take()).containsExactly("text:after");
    assertThat(HttpWire.drainOutbound(channel)).isEmpty();
  }

  /**
   * RFC 6455 §4.1: a client "MUST wait for a response from the server before sending any further
   * data". While a decision is pending the HTTP decoder still reads, so such bytes are taken for a
   * second request and the client is refused; only bytes already behind the request when the
   * decision is made synchronously reach the connection.
   */
  @Test
  void aClientThatSendsFramesBeforeADeferredDecisionIsRefusedWith400_4_1() {
    start(deferring);
    send(get("/chat", validRequestHeaders()), clientFrame(Opcode.TEXT, "too early"));
    Message res = response();
    assertThat(res.status()).isEqualTo(400);
    assertThat(channel.isOpen()).isFalse();
    assertThat(pending.get(0).accept()).isFalse();
    assertThat(endpoint.take()).isEmpty();
  }

  @Test
  void aRejectionAnswersWithItsStatusAndBodyAndClosesTheConnection() {
    start(deferring);
    send(get("/chat", validRequestHeaders()));
    assertThat(pending.get(0).reject(403, "token expired")).isTrue();
    channel.runPendingTasks();

    Message res = response();
    assertThat(res.status()).isEqualTo(403);
    assertThat(res.body()).isEqualTo("token expired\n");
    assertThat(res.header("Connection")).isEqualTo("close");
    assertThat(res.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(channel.isOpen()).isFalse();
    assertThat(pending.get(0).accept()).isFalse();
    assertThat(endpoint.take()).isEmpty();
  }

  @Test
  void rejectingWithAStatusOutside400To599IsACallersMistake() {
    start(deferring);
    send(get("/chat", validRequestHeaders()));
    assertThatThrownBy(() -> pending.get(0).reject(200, "ok?")).isInstanceOf(IllegalArgumentException.class);
    assertThat(channel.isOpen()).isTrue();
    assertThat(pending.get(0).reject(401, "")).isTrue();
    channel.runPendingTasks();
    assertThat(response().body()).isEqualTo("\n");
  }

  @Test
  void noDecisionWithinTheHandshakeTimeoutClosesTheSocketAndLaterDecisionsFail() {
    start(deferring);
    send(get("/chat", validRequestHeaders()));
    HttpWire.advance(channel, HANDSHAKE_TIMEOUT.minusMillis(1));
    assertThat(channel.isOpen()).isTrue();
    HttpWire.advance(channel, Duration.ofMillis(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(pending.get(0).accept()).isFalse();
    assertThat(pending.get(0).reject(503, "busy")).isFalse();
    assertThat(HttpWire.drainOutbound(channel)).isEmpty();
    assertThat(endpoint.take()).isEmpty();
  }

  @Test
  void aClientThatNeverFinishesItsRequestIsDisconnectedAtTheHandshakeTimeout() {
    start();
    send("GET /chat HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    HttpWire.advance(channel, HANDSHAKE_TIMEOUT);
    assertThat(channel.isOpen()).isFalse();
    assertThat(HttpWire.drainOutbound(channel)).isEmpty();
  }

  @Test
  void anUpgradeHandlerThatThrowsGets500() {
    start((request, upgrade) -> {
      throw new IllegalStateException("database down");
    });
    send(get("/chat", validRequestHeaders()));
    Message res = response();
    assertThat(res.status()).isEqualTo(500);
    assertThat(res.body()).isEqualTo("upgrade handler failed\n");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anEndpointThatThrowsInOnOpenGetsThe101ThenAClose1011_7_1_7() {
    start();
    endpoint.throwOn = "open";
    send(get("/chat", validRequestHeaders()));
    Message res = response();
    assertThat(res.status()).isEqualTo(101);
    assertThat(res.header("Sec-WebSocket-Accept")).isEqualTo(RFC_ACCEPT);
    assertThat(Wire.hex(res.rest())).isEqualTo(Wire.closeFrameHex(1011, "internal error"));
    assertThat(channel.isOpen()).isFalse();
    assertThat(endpoint.take()).containsExactly("open", "error:IllegalStateException", "close:1011");
  }

  static Stream<Arguments> subprotocolCases() {
    return Stream.of(
        Arguments.of("the first one the client offers that the route speaks", "chat.v1, chat.v2", "chat.v1"),
        Arguments.of("in the client's order, not the route's", "x, chat.v2 ,chat.v1", "chat.v2"),
        Arguments.of("none when the client offers none the route speaks", "mqtt", null),
        Arguments.of("none when the client offers none", null, null));
  }

  @ParameterizedTest(name = "subprotocol: {0}")
  @MethodSource("subprotocolCases")
  void theDefaultSubprotocolIsTheClientsFirstThatTheRouteSpeaks_4_2_2(String rule, String offered, String chosen) {
    start(UpgradeHandler.ACCEPT_ALL, "chat.v2", "chat.v1");
    Map<String, String> headers = validRequestHeaders();
    headers.put("Sec-WebSocket-Protocol", offered);
    send(get("/chat", headers));
    Message res = response();
    assertSwitched(res);
    assertThat(res.header("Sec-WebSocket-Protocol")).isEqualTo(chosen);
    assertThat(endpoint.session.protocol()).isEqualTo(chosen == null ? "" : chosen);
  }

  @Test
  void anExplicitSubprotocolMustBeOneTheClientOfferedButNeedNotBeTheRoutes() {
    start(deferring, "chat.v1");
    Map<String, String> headers = validRequestHeaders();
    headers.put("Sec-WebSocket-Protocol", "chat.v1, legacy");
    send(get("/chat", headers));
    assertThat(requests.get(0).subprotocols()).containsExactly("chat.v1", "legacy");

    assertThatThrownBy(() -> pending.get(0).accept(null, "chat.v3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat.v3");
    assertThat(channel.isOpen()).as("a caller's mistake decides nothing").isTrue();
    assertThat(pending.get(0).accept(null, "legacy")).isTrue();
    channel.runPendingTasks();
    assertThat(response().header("Sec-WebSocket-Protocol")).isEqualTo("legacy");
  }

  @Test
  void acceptingWithNoSubprotocolAnswersWithoutTheHeaderEvenWhenOffered() {
    start(deferring, "chat.v1");
    Map<String, String> headers = validRequestHeaders();
    headers.put("Sec-WebSocket-Protocol", "chat.v1");
    send(get("/chat", headers));
    pending.get(0).accept(null, null);
    channel.runPendingTasks();
    assertThat(response().header("Sec-WebSocket-Protocol")).isNull();
  }

  @Test
  void limitsGivenWithTheDecisionReplaceTheServersForThatSessionOnly() {
    start(deferring);
    send(get("/chat", validRequestHeaders()));
    Duration interval = Duration.ofSeconds(3);
    Limits own = LIMITS.withPingInterval(interval).withMaxMessageBytes(4);
    assertThat(pending.get(0).accept(null, null, own)).isTrue();
    channel.runPendingTasks();
    assertSwitched(response());
    assertThat(connections.get(0).limits()).isEqualTo(own);

    HttpWire.advance(channel, interval.minusMillis(1));
    assertThat(HttpWire.drainOutbound(channel)).as("the server's limits have no pings").isEmpty();
    HttpWire.advance(channel, Duration.ofMillis(1));
    assertThat(Wire.hex(HttpWire.drainOutbound(channel))).as("the session's own ping interval").isEqualTo("8900");

    send(clientFrame(Opcode.TEXT, "12345"));
    String close = Wire.hex(HttpWire.drainOutbound(channel));
    assertThat(close).as("a close frame").startsWith("88");
    assertThat(close.substring(4, 8)).as("the session's own maxMessageBytes: 1009").isEqualTo("03f1");
  }

  @Test
  void acceptingWithoutLimitsKeepsTheServersAndNullLimitsAreACallersMistake() {
    start(deferring);
    send(get("/chat", validRequestHeaders()));
    assertThatThrownBy(() -> pending.get(0).accept(null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits");
    assertThat(pending.get(0).accept(null, null)).isTrue();
    channel.runPendingTasks();
    assertSwitched(response());
    assertThat(connections.get(0).limits()).isEqualTo(LIMITS);
  }

  /** A request that is refused, the status, and a header and body text the answer must carry. */
  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("an unknown path gets 404 naming it", "/nope", h -> { }, "GET", 404, null, null,
            "no WebSocket endpoint at /nope"),
        refusal("a missing key gets 400 (§4.2.1)", "/chat", h -> h.put("Sec-WebSocket-Key", null), "GET", 400,
            null, null, "Sec-WebSocket-Key"),
        refusal("a key that is not 16 bytes of base64 gets 400 (§4.2.1)", "/chat",
            h -> h.put("Sec-WebSocket-Key", "c2hvcnQ="), "GET", 400, null, null, "Sec-WebSocket-Key"),
        refusal("a missing Upgrade header gets 400 (§4.2.1)", "/chat", h -> h.put("Upgrade", null), "GET", 400,
            null, null, "Upgrade"),
        refusal("a missing Connection: Upgrade gets 400 (§4.2.1)", "/chat", h -> h.put("Connection", "keep-alive"),
            "GET", 400, null, null, "Connection"),
        refusal("a missing Host gets 400 (§4.2.1)", "/chat", h -> h.put("Host", null), "GET", 400, null, null, "Host"),
        refusal("POST gets 405 with Allow: GET (§4.2.1)", "/chat", h -> { }, "POST", 405, "Allow", "GET", "GET"),
        refusal("version 8 gets 426 with Sec-WebSocket-Version: 13 (§4.2.2)", "/chat",
            h -> h.put("Sec-WebSocket-Version", "8"), "GET", 426, "Sec-WebSocket-Version", "13", "must be 13"),
        refusal("a missing version gets 426 with Sec-WebSocket-Version: 13 (§4.4)", "/chat",
            h -> h.put("Sec-WebSocket-Version", null), "GET", 426, "Sec-WebSocket-Version", "13", "missing"),
        refusal("a header block over maxHandshakeHeaderBytes gets 431", "/chat", h -> h.put("X-Big", "a".repeat(1100)),
            "GET", 431, null, null, "exceeds 1024 bytes"),
        refusal("a request line over maxHandshakeHeaderBytes gets 431", "/chat?q=" + "b".repeat(1100), h -> { }, "GET",
            431, null, null, "exceeds 1024 bytes"));
  }

  private static Arguments refusal(String rule, String target, Consumer<Map<String, String>> change, String method,
      int status, String header, String headerValue, String bodyPart) {
    Map<String, String> h = validRequestHeaders();
    change.accept(h);
    return Arguments.of(rule, HttpWire.head(method + " " + target + " HTTP/1.1", h), status, header, headerValue, bodyPart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aRequestThatIsNotAValidUpgradeIsRefusedWithAHelpfulStatusAndClosed(
      String rule, byte[] request, int status, String header, String headerValue, String bodyPart) {
    start();
    send(request);
    Message res = response();
    assertThat(res.status()).isEqualTo(status);
    assertThat(res.body()).contains(bodyPart).endsWith("\n");
    assertThat(res.header("Connection")).isEqualTo("close");
    if (header != null) {
      assertThat(res.header(header)).isEqualTo(headerValue);
    }
    assertThat(channel.isOpen()).isFalse();
    assertThat(connections).isEmpty();
    assertThat(endpoint.take()).isEmpty();
  }

  @ParameterizedTest(name = "request target {0}")
  @ValueSource(strings = {"/ch%zzat", "/chat?user=%zz"})
  void aRequestTargetWithABadPercentEscapeIsRefusedWith400(String target) {
    start();
    send(get(target, validRequestHeaders()));
    Message res = response();
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body()).startsWith("malformed request target");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aClientThatLeavesWhileTheDecisionIsPendingCannotBeAccepted() {
    start(deferring);
    send(get("/chat", validRequestHeaders()));
    channel.close();
    channel.runPendingTasks();
    assertThat(pending.get(0).accept()).isFalse();
    assertThat(pending.get(0).reject(503, "")).isFalse();
    assertThat(connections).isEmpty();
    assertThat(endpoint.take()).isEmpty();
  }

  @Test
  void anHttp10RequestIsRefusedWith400() {
    start();
    send(HttpWire.head("GET /chat HTTP/1.0", validRequestHeaders()));
    Message res = response();
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body()).contains("HTTP/1.1");
  }

  @Test
  void aPrefixRouteServesPathsBelowIt() {
    start();
    send(get("/rooms/42", validRequestHeaders()));
    assertSwitched(response());
    assertThat(endpoint.session.url()).hasToString("/rooms/42");
  }
}
