package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.SendRejectedException;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Connection} handle against Node's {@code ws} and a Node HTTP server as independent
 * servers ({@code src/test/node/resilience.mjs}): a server process killed and restarted on its
 * port, a server that never answers pings ({@code autoPong: false}), 401 and 503 with
 * Retry-After. Time moves only through a {@link ManualScheduler}.
 */
@Timeout(60)
class NodeResilienceTest {

  private final ManualScheduler clock = new ManualScheduler();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private NodeServerProcess node(String... args) throws Exception {
    NodeServerProcess p = NodeServerProcess.start(args);
    toClose.add(p);
    return p;
  }

  private WebSocketClient client(WebSocketClient.Builder b) {
    WebSocketClient c = b.scheduler(clock).build();
    toClose.add(c);
    return c;
  }

  @Test
  void nodeServerKilledAndRestartedOnItsPortLosesAndRepeatsNothing() throws Exception {
    NodeServerProcess first = node("echo", "0");
    int port = first.port();
    WebSocketClient client = client(WebSocketClient.builder()
        .reconnect(RetryPolicy.exponential(5).withJitter(0).withInitialDelay(Duration.ofSeconds(1)))
        .offlineQueue(OfflineQueue.bounded(5, 4096)));
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + port + "/");
    Connection c = events.connection();
    c.join();
    assertThat(events.next()).isEqualTo("open");
    for (int i = 1; i <= 5; i++) {
      c.sendText("m" + i);
    }
    for (int i = 1; i <= 5; i++) {
      assertThat(events.next()).isEqualTo("text:m" + i);
      assertThat(first.nextReceived()).isEqualTo("m" + i);
    }

    first.kill();                                         // SIGKILL: a crash, no closing handshake
    assertThat(events.next()).isEqualTo("close:1006");
    assertThat(events.next()).isEqualTo("reconnecting:1:PT1S");
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 6; i <= 10; i++) {
      queued.add(c.sendText("m" + i));
    }
    Throwable overflow = catchThrowable(() -> c.sendText("m11").join());
    assertThat(overflow).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SendRejectedException.class);
    assertThat(c.queuedMessages()).isEqualTo(5);
    assertThat(queued).noneMatch(CompletableFuture::isDone);

    NodeServerProcess second = node("echo", String.valueOf(port)); // the same port
    assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(events.next()).isEqualTo("open");
    assertThat(events.next()).isEqualTo("reconnected");
    for (int i = 6; i <= 10; i++) {
      assertThat(events.next()).isEqualTo("text:m" + i);
      assertThat(second.nextReceived()).isEqualTo("m" + i);
    }
    CompletableFuture.allOf(queued.toArray(new CompletableFuture<?>[0])).join();
    c.sendText("end");
    assertThat(events.next()).isEqualTo("text:end");
    assertThat(second.nextReceived()).as("nothing sent twice").isEqualTo("end");
    assertThat(c.close().join().code()).isEqualTo(1000);
  }

  @Test
  void heartbeatTimesOutAgainstAWsServerWithAutoPongOff() throws Exception {
    NodeServerProcess deaf = node("deaf", "0");
    WebSocketClient client = client(WebSocketClient.builder().heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + deaf.port() + "/");
    Connection c = events.connection();
    c.join();
    assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));                // the ping goes out
    deaf.awaitPing();                                     // ws got it, and answered nothing
    assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(events.next()).isEqualTo("open");
    assertThat(events.next()).isEqualTo("error:HeartbeatTimeoutException");
    assertThat(events.next()).isEqualTo("close:1006");
    assertThat(c.closed().join().error()).isInstanceOf(dev.switchboard.websocket.HeartbeatTimeoutException.class);
    assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
  }

  @Test
  void heartbeatAnsweredByWsKeepsTheConnection() throws Exception {
    NodeServerProcess echo = node("echo", "0");
    WebSocketClient client = client(WebSocketClient.builder().heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + echo.port() + "/");
    Connection c = events.connection();
    c.join();
    assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    echo.awaitPing();
    assertThat(events.until("pong")).isEqualTo("pong");   // ws's automatic pong
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(clock.awaitPending(1)).as("the next heartbeat is armed").containsExactly(Duration.ofSeconds(30));
    assertThat(c.status()).isEqualTo(ConnectionStatus.OPEN);
  }

  @Test
  void a401FromNodeIsNotRetried() throws Exception {
    NodeServerProcess refusing = node("status", "0", "1000", "401");
    WebSocketClient client = client(WebSocketClient.builder()
        .connectRetry(RetryPolicy.exponential(5).withJitter(0)));
    Connection c = client.open("ws://127.0.0.1:" + refusing.port() + "/");
    Throwable t = catchThrowable(c::join);
    WebSocketConnectException e = (WebSocketConnectException) t.getCause();
    assertThat(e.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.responseBody()).contains("refused by the test: 401");
    assertThat(e.isRetryable()).isFalse();
    refusing.awaitUpgrade();
    assertThat(clock.pendingDelays()).as("no retry scheduled").isEmpty();
    assertThat(refusing.unawaitedUpgrades()).isZero();
  }

  @Test
  void a503WithRetryAfterFromNodeIsRetriedAfterThatLong() throws Exception {
    NodeServerProcess busy = node("status", "0", "2", "503", "3");
    WebSocketClient client = client(WebSocketClient.builder()
        .connectRetry(RetryPolicy.exponential(5).withJitter(0).withInitialDelay(Duration.ofMillis(100))));
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + busy.port() + "/");
    Connection c = events.connection();
    for (int attempt = 1; attempt <= 2; attempt++) {
      busy.awaitUpgrade();
      assertThat(events.next()).isEqualTo("error:WebSocketConnectException");
      assertThat(events.next()).as("Retry-After: 3 outweighs the 100 ms backoff").isEqualTo("reconnecting:" + attempt + ":PT3S");
      assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(3));
      clock.advance(Duration.ofSeconds(3));
    }
    busy.awaitUpgrade();
    c.join();
    assertThat(events.next()).isEqualTo("open");
    c.sendText("through");
    assertThat(events.next()).isEqualTo("text:through");
    assertThat(busy.nextReceived()).isEqualTo("through");
    c.close().join();
  }
}
