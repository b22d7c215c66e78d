package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.SendRejectedException;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reconnection of a {@link Connection} after its server goes away, the bounded offline queue
 * (nothing lost, nothing twice) and the offline-queue policies (heartbeats: {@link
 * ClientBehaviourTest}, for both implementations); time moves only through a {@link
 * ManualScheduler}.
 */
@Timeout(30)
class ConnectionReconnectTest {

  private static final RetryPolicy RECONNECT = RetryPolicy.exponential(5).withJitter(0)
      .withInitialDelay(Duration.ofSeconds(1));

  private final ManualScheduler clock = new ManualScheduler();
  private final List<WebSocketServer> servers = new ArrayList<>();
  private WebSocketClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    servers.forEach(s -> s.shutdown(Duration.ofSeconds(1)).join());
  }

  /** A server on {@code port} (0: any) that records the text messages it receives, in order. */
  private WebSocketServer recordingServer(int port, BlockingQueue<String> received) {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(port)
        .route("/", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            received.add(text);
          }
        }).start();
    servers.add(server);
    return server;
  }

  private static List<String> take(BlockingQueue<String> q, int n) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = q.poll(10, TimeUnit.SECONDS);
      if (s == null) {
        throw new AssertionError("only " + out + " arrived of " + n);
      }
      out.add(s);
    }
    return out;
  }

  @Test
  void serverGoneThenBackReconnectsAndSendsTheQueueInOrderOnce() throws Exception {
    client = WebSocketClient.builder().scheduler(clock).reconnect(RECONNECT)
        .offlineQueue(OfflineQueue.bounded(3, 1024)).build();
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    WebSocketServer server = recordingServer(0, first);
    int port = server.port();
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + port + "/");
    Connection c = events.connection();
    String id = c.id();
    c.join();
    c.sendText("1").get(10, TimeUnit.SECONDS);
    c.sendText("2").get(10, TimeUnit.SECONDS);
    assertThat(take(first, 2)).containsExactly("1", "2");

    server.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    servers.remove(server);
    assertThat(events.until("close")).isEqualTo("close:1001");
    assertThat(events.next()).isEqualTo("reconnecting:1:PT1S");
    assertThat(c.status()).isEqualTo(ConnectionStatus.RETRYING);

    List<CompletableFuture<Void>> queued = List.of(c.sendText("3"), c.sendText("4"), c.sendText("5"));
    Throwable overflow = catchThrowable(() -> c.sendText("6").join());
    assertThat(overflow).isInstanceOf(CompletionException.class).cause()
        .isInstanceOf(SendRejectedException.class).hasMessageContaining("offline queue is full");
    assertThat(c.queuedMessages()).isEqualTo(3);
    assertThat(c.bufferedAmount()).isEqualTo(3);
    assertThat(queued).noneMatch(CompletableFuture::isDone);

    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    recordingServer(port, second);
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(events.until("reconnected")).isEqualTo("reconnected");
    CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    c.sendText("7").get(10, TimeUnit.SECONDS);
    assertThat(take(second, 4)).containsExactly("3", "4", "5", "7");
    assertThat(c.id()).isEqualTo(id);
    assertThat(c.status()).isEqualTo(ConnectionStatus.OPEN);
    assertThat(c.queuedMessages()).isZero();

    c.close().get(10, TimeUnit.SECONDS);
    assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
    assertThat(first).as("nothing more reached the first server").isEmpty();
    assertThat(second).as("nothing twice").isEmpty();
    assertThat(catchThrowable(() -> c.sendText("8").join())).cause().isInstanceOf(SendRejectedException.class);
  }

  @Test
  void givingUpFailsTheQueuedMessages() throws Exception {
    client = WebSocketClient.builder().scheduler(clock).reconnect(RECONNECT.withMaxRetries(1)).build();
    WebSocketServer server = recordingServer(0, new LinkedBlockingQueue<>());
    ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + server.port() + "/");
    Connection c = events.connection();
    c.join();
    server.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    events.until("reconnecting");
    CompletableFuture<Void> queued = c.sendText("lost?");
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(1)); // nothing listens any more: refused, no retry left
    assertThat(c.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1006);
    assertThat(catchThrowable(queued::join)).cause().isInstanceOf(SendRejectedException.class);
  }

  @Test
  void rejectPolicyFailsSendsWhileOffline() throws Exception {
    client = WebSocketClient.builder().scheduler(clock).offlineQueue(OfflineQueue.REJECT).build();
    try (SilentServer server = new SilentServer()) {
      Connection c = client.open("ws://127.0.0.1:" + server.port() + "/");
      assertThat(catchThrowable(() -> c.sendText("early").join())).cause()
          .isInstanceOf(SendRejectedException.class).hasMessageContaining("OfflineQueue.REJECT");
      c.cancel();
    }
  }
}
