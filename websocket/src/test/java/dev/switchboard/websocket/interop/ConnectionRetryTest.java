package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ConnectCancelledException;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectStage;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.interop.RawHttpServer.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries of a {@link Connection}'s first connect and its cancellation, against servers that fail
 * on purpose. Time moves only through a {@link ManualScheduler}: the backoff delays are asserted
 * exactly (no jitter), and no retry happens before the test moves the clock.
 */
@Timeout(30)
class ConnectionRetryTest {

  private static final RetryPolicy THREE_RETRIES = RetryPolicy.exponential(3).withJitter(0)
      .withInitialDelay(Duration.ofSeconds(1)).withMaxDelay(Duration.ofSeconds(30));

  private final ManualScheduler clock = new ManualScheduler();
  private final WebSocketClient client = WebSocketClient.builder()
      .scheduler(clock).connectRetry(THREE_RETRIES).build();

  @AfterEach
  void stop() {
    client.close();
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A 101 for any request head (RFC 6455 §4.2.2), after which the server says nothing more. */
  static Answer switching(String head) {
    return Answer.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + ConnectFailureTest.accept(RawHttpServer.header(head, "Sec-WebSocket-Key"))
        + "\r\n\r\n", false);
  }

  private static Throwable failureOf(Connection c) {
    Throwable t = catchThrowable(c::join);
    return t instanceof CompletionException ? t.getCause() : t;
  }

  @Test
  void nothingListeningIsRetriedWithExponentialBackoffThenFails() throws Exception {
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + closedPort() + "/");
    Connection c = events.connection();
    for (Duration expected : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))) {
      assertThat(clock.awaitPending(1)).containsExactly(expected);
      assertThat(c.status()).isEqualTo(ConnectionStatus.RETRYING);
      clock.advance(expected);
    }
    Throwable t = failureOf(c);
    assertThat(t).isInstanceOf(WebSocketConnectException.class);
    assertThat(((WebSocketConnectException) t).failure()).isEqualTo(ConnectFailure.CONNECTION_REFUSED);
    assertThat(c.closed().get(10, TimeUnit.SECONDS).error()).isSameAs(t);
    assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
    assertThat(events.drain()).containsExactly(
        "error:WebSocketConnectException", "reconnecting:1:PT1S",
        "error:WebSocketConnectException", "reconnecting:2:PT2S",
        "error:WebSocketConnectException", "reconnecting:3:PT4S",
        "error:WebSocketConnectException");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {400, 401, 403, 404})
  void clientErrorsAreNotRetried(int status) throws Exception {
    try (RawHttpServer server = new RawHttpServer(
        head -> Answer.of("HTTP/1.1 " + status + " No\r\nContent-Length: 2\r\n\r\nno", false))) {
      Connection c = client.open("ws://127.0.0.1:" + server.port() + "/");
      Throwable t = failureOf(c);
      assertThat(((WebSocketConnectException) t).status()).isEqualTo(status);
      assertThat(c.closed().get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(server.requests()).hasSize(1);
      assertThat(clock.pendingDelays()).as("no retry scheduled").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {503, 429})
  void retryAfterIsHonouredThenTheRetrySucceeds(int status) throws Exception {
    AtomicInteger seen = new AtomicInteger();
    try (RawHttpServer server = new RawHttpServer(head -> seen.incrementAndGet() == 1
        ? Answer.of("HTTP/1.1 " + status + " Busy\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n", false)
        : switching(head))) {
      Connection c = client.open("ws://127.0.0.1:" + server.port() + "/");
      assertThat(clock.awaitPending(1)).as("Retry-After 7 s beats the 1 s backoff").containsExactly(Duration.ofSeconds(7));
      clock.advance(Duration.ofMillis(6999));
      assertThat(server.requests()).hasSize(1);
      clock.advance(Duration.ofMillis(1));
      assertThat(c.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(server.requests()).hasSize(2);
      assertThat(c.status()).isEqualTo(ConnectionStatus.OPEN);
      c.session().abort();
    }
  }

  @Test
  void retryAfterLongerThanMaxDelayEndsTheRetries() throws Exception {
    try (RawHttpServer server = new RawHttpServer(
        head -> Answer.of("HTTP/1.1 503 Busy\r\nRetry-After: 3600\r\nContent-Length: 0\r\n\r\n", false))) {
      Connection c = client.open("ws://127.0.0.1:" + server.port() + "/");
      assertThat(((WebSocketConnectException) failureOf(c)).status()).isEqualTo(503);
      assertThat(clock.pendingDelays()).isEmpty();
    }
  }

  @Test
  void cancelWhileWaitingToRetry() throws Exception {
    Connection c = client.open("ws://127.0.0.1:" + closedPort() + "/");
    clock.awaitPending(1);
    assertThat(c.cancel()).isTrue();
    Throwable t = catchThrowable(c::join);
    assertThat(t).isInstanceOf(ConnectCancelledException.class);
    assertThat(((ConnectCancelledException) t).stage()).isEqualTo(ConnectStage.WAITING_TO_RETRY);
    assertThat(((ConnectCancelledException) t).attempts()).isEqualTo(1);
    assertThat(c.closed().get(10, TimeUnit.SECONDS).error()).isSameAs(t);
    assertThat(clock.pendingDelays()).as("the backoff timer is cancelled").isEmpty();
    assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
  }

  @Test
  void cancelDuringTheOpeningHandshake() throws Exception {
    try (SilentServer server = new SilentServer()) {
      Connection c = client.open("ws://127.0.0.1:" + server.port() + "/");
      Socket socket = server.accepted();
      assertThat(SilentServer.readHead(socket)).startsWith("GET / HTTP/1.1");
      assertThat(c.toCompletableFuture().cancel(true)).as("the CompletableFuture view cancels too").isTrue();
      ConnectCancelledException e = (ConnectCancelledException) catchThrowable(c::join);
      assertThat(e.stage()).isEqualTo(ConnectStage.HANDSHAKE);
      assertThat(c.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1006);
      assertThat(socket.getInputStream().read()).as("the client closed the socket").isEqualTo(-1);
    }
  }

  @Test
  void cancelDuringTls() throws Exception {
    try (SilentServer server = new SilentServer()) {
      Connection c = client.open("wss://127.0.0.1:" + server.port() + "/");
      Socket socket = server.accepted();
      assertThat(socket.getInputStream().read()).as("a TLS handshake record (RFC 8446 §5.1)").isEqualTo(0x16);
      c.cancel();
      ConnectCancelledException e = (ConnectCancelledException) catchThrowable(c::join);
      assertThat(e.stage()).isEqualTo(ConnectStage.TLS);
      socket.getInputStream().readAllBytes(); // to the end: the client closed the socket
    }
  }

  @Test
  void cancelAtOnceStopsBeforeAnyRetry() throws Exception {
    Connection c = client.open("ws://127.0.0.1:" + closedPort() + "/");
    c.cancel();
    assertThat(catchThrowable(c::join)).isInstanceOf(ConnectCancelledException.class);
    assertThat(c.closed().get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(clock.pendingDelays()).isEmpty();
  }

  @Test
  void closeBeforeOpenCancels() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> Answer.SILENCE)) {
      Connection c = client.open("ws://127.0.0.1:" + server.port() + "/");
      server.requests().poll(10, TimeUnit.SECONDS);
      c.close().get(10, TimeUnit.SECONDS);
      assertThat(catchThrowable(c::join)).isInstanceOf(ConnectCancelledException.class);
    }
  }
}
