package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.interop.RawHttpServer.Answer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How our client fails to connect: each stage of a connect that can go wrong ends the future with
 * a {@link WebSocketConnectException} naming that stage, against servers that misbehave on
 * purpose (a raw TCP server answering exactly what each test says).
 */
@Timeout(30)
class ConnectFailureTest {

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(300);
  private static final String BODY = "token expired ☃\nsee /login";

  /** Default limits: a short handshake timeout would race the other failures on a cold JVM. */
  static WebSocketClient client;

  @BeforeAll
  static void start() {
    client = WebSocketClient.builder().build();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  private static WebSocketConnectException connectFails(String url) {
    return connectFails(client, url);
  }

  private static WebSocketConnectException connectFails(WebSocketClient client, String url) {
    Throwable t = catchThrowable(() -> client.connect(url, new Endpoint() {}).get(20, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketConnectException.class);
    return (WebSocketConnectException) t.getCause();
  }

  private static WebSocketConnectException connectFails(RawHttpServer server) {
    return connectFails("ws://127.0.0.1:" + server.port() + "/chat?room=1");
  }

  @Test
  void nothingListeningIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    WebSocketConnectException e = connectFails("ws://127.0.0.1:" + port + "/");
    assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.CONNECTION_REFUSED);
  }

  /** RFC 6761 §6.4: names under .invalid never resolve. */
  @Test
  void unresolvableHostIsDnsFailure() {
    WebSocketConnectException e;
    try (WebSocketClient plaintext = WebSocketClient.builder().allowInsecureConnections(true).build()) {
      e = connectFails(plaintext, "ws://no-such-host.invalid/");
    }
    assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.DNS_FAILURE);
    assertThat(e.getMessage()).contains("no-such-host.invalid");
  }

  static Stream<Arguments> refusals() {
    String head = "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "WWW-Authenticate: Bearer realm=\"switchboard\"\r\n";
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    int split = 7;
    String chunked = Integer.toHexString(split) + "\r\n" + new String(body, 0, split, StandardCharsets.UTF_8) + "\r\n"
        + Integer.toHexString(body.length - split) + "\r\n"
        + new String(body, split, body.length - split, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n";
    return Stream.of(
        Arguments.of("Content-Length, kept open", Answer.of(head + "Content-Length: " + body.length + "\r\n\r\n" + BODY, false)),
        Arguments.of("chunked, kept open", Answer.of(head + "Transfer-Encoding: chunked\r\n\r\n" + chunked, false)),
        Arguments.of("until the server closes", Answer.of(head + "Connection: close\r\n\r\n" + BODY, true)));
  }

  @ParameterizedTest(name = "body {0}")
  @MethodSource("refusals")
  void refusedUpgradeIsHttpStatusWithHeadersAndBody(String framing, Answer answer) throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> answer)) {
      WebSocketConnectException e = connectFails(server);
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.HTTP_STATUS);
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.responseBody()).isEqualTo(BODY);
      assertThat(e.responseHeaders()).containsEntry("www-authenticate", List.of("Bearer realm=\"switchboard\""));
      assertThat(e.getMessage()).contains("401");
    }
  }

  @Test
  void serverThatNeverAnswersIsHandshakeTimeout() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> Answer.SILENCE);
        WebSocketClient impatient = WebSocketClient.builder()
            .limits(Limits.DEFAULT.withHandshakeTimeout(HANDSHAKE_TIMEOUT))
            .build()) {
      long start = System.nanoTime();
      WebSocketConnectException e = connectFails(impatient, "ws://127.0.0.1:" + server.port() + "/chat?room=1");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.HANDSHAKE_TIMEOUT);
      assertThat(took).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT).isLessThan(Duration.ofSeconds(5));
    }
  }

  /** The request a silent server sees (RFC 6455 §4.1); cancelling the connect then aborts it. */
  @Test
  void openingRequestIsWellFormedAndCancellingAbortsTheConnect() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> Answer.SILENCE)) {
      CompletableFuture<Session> connect =
          client.connect("ws://127.0.0.1:" + server.port() + "/chat?room=1", new Endpoint() {});
      String request = server.requests().poll(10, TimeUnit.SECONDS);
      assertThat(request).startsWith("GET /chat?room=1 HTTP/1.1\r\n");
      assertThat(RawHttpServer.header(request, "Host")).isEqualTo("127.0.0.1:" + server.port());
      assertThat(RawHttpServer.header(request, "Upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(RawHttpServer.header(request, "Connection")).containsIgnoringCase("upgrade");
      assertThat(RawHttpServer.header(request, "Sec-WebSocket-Version")).isEqualTo("13");
      assertThat(Base64.getDecoder().decode(RawHttpServer.header(request, "Sec-WebSocket-Key"))).hasSize(16);
      assertThat(connect.cancel(true)).isTrue();
      assertThat(connect).isCancelled();
    }
  }

  @Test
  void serverClosingBeforeAnsweringIsConnectionLost() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> new Answer(new byte[0], true))) {
      WebSocketConnectException e = connectFails(server);
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.CONNECTION_LOST);
    }
  }

  /** Each answer is a 101 that RFC 6455 §4.1 tells the client to fail. */
  static Stream<Arguments> invalidSwitches() {
    Function<String, String> rightAccept = head -> accept(RawHttpServer.header(head, "Sec-WebSocket-Key"));
    return Stream.of(
        Arguments.of("a wrong Sec-WebSocket-Accept", (Function<String, String>) head ->
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept("dGhlIHNhbXBsZSBub25jZQ==")),
        Arguments.of("no Sec-WebSocket-Accept", (Function<String, String>) head ->
            "Upgrade: websocket\r\nConnection: Upgrade"),
        Arguments.of("no Upgrade header", (Function<String, String>) head ->
            "Connection: Upgrade\r\nSec-WebSocket-Accept: " + rightAccept.apply(head)),
        Arguments.of("a subprotocol we did not offer", (Function<String, String>) head ->
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Accept: "
                + rightAccept.apply(head)),
        Arguments.of("an extension we did not offer", (Function<String, String>) head ->
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
                + "Sec-WebSocket-Accept: " + rightAccept.apply(head)));
  }

  @ParameterizedTest(name = "101 with {0}")
  @MethodSource("invalidSwitches")
  void invalidSwitchingProtocolsIsInvalidHandshake(String what, Function<String, String> headers) throws Exception {
    try (RawHttpServer server = new RawHttpServer(
        head -> Answer.of("HTTP/1.1 101 Switching Protocols\r\n" + headers.apply(head) + "\r\n\r\n", false))) {
      WebSocketConnectException e = connectFails(server);
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.INVALID_HANDSHAKE);
    }
  }

  /** RFC 6455 §4.2.2: base64(SHA-1(key + GUID)), computed here independently of our codec. */
  static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
