package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that never reads, among many that do: its buffer stays within {@link
 * Limits#maxBufferedBytes()}, nothing is lost without being counted, and the others are not held
 * back. Direct sends over the limit fail at once.
 */
class SlowConsumerTest {

  private static final long LIMIT = 64 * 1024;
  private static final String MESSAGE = "x".repeat(1000);

  /** Server sessions by remote port, so a test finds the one of its raw socket. */
  private final ConcurrentHashMap<Integer, CompletableFuture<Session>> sessions = new ConcurrentHashMap<>();

  private CompletableFuture<Session> sessionAt(int port) {
    return sessions.computeIfAbsent(port, p -> new CompletableFuture<>());
  }

  /** The server session of {@code raw} (its onOpen may run just after the client read the 101). */
  private Session sessionOf(RawClient raw) throws Exception {
    return sessionAt(raw.socket.getLocalPort()).get(5, TimeUnit.SECONDS);
  }

  private WebSocketServer server(SlowConsumerPolicy policy) {
    return WebSocketServer.builder()
        .ioThreads(2)
        .limits(Limits.DEFAULT.withMaxBufferedBytes(LIMIT).withCloseTimeout(java.time.Duration.ofSeconds(30)))
        .limits(ServerLimits.DEFAULT.withSlowConsumerPolicy(policy))
        .route("/t", new Endpoint() {
          @Override
          public void onOpen(Session s) {
            String query = s.url().getQuery();
            for (String topic : (query == null ? "feed" : query).split(",")) {
              s.subscribe(topic);
            }
            sessionAt(s.remoteAddress().getPort()).complete(s);
          }
        })
        .start();
  }

  @Test
  void aSubscriberThatNeverReadsStaysWithinItsLimitAndTheOther999GetEveryMessageInOrder() throws Exception {
    int readers = 999;
    int messages = 200;
    try (WebSocketServer server = server(SlowConsumerPolicy.DROP);
        WebSocketClient client = WebSocketClient.builder().build();
        RawClient slow = RawClient.connect(server.port(), "/t?feed,firehose", null, null, 4096)) {
      assertThat(slow.status()).isEqualTo(101);
      Session slowSession = sessionOf(slow);
      CountDownLatch allReceived = new CountDownLatch(readers);
      AtomicInteger outOfOrder = new AtomicInteger();
      for (int i = 0; i < readers; i++) {
        client.connect("ws://127.0.0.1:" + server.port() + "/t", new Endpoint() {
          int next;

          @Override
          public void onText(Session s, String text) {
            int n = Integer.parseInt(text.substring(0, text.indexOf(' ')));
            if (n != next++) {
              outOfOrder.incrementAndGet();
            }
            if (next == messages) {
              allReceived.countDown();
            }
          }
        }).get(10, TimeUnit.SECONDS);
      }

      // Then fill the kernel's buffers on both ends (they grow to megabytes on loopback) with a
      // topic only the slow one reads, until one no longer fits.
      byte[] chunk = new byte[(int) (LIMIT / 2)];
      long firehose = 0;
      while (slowSession.droppedMessages() == 0) {
        assertThat(firehose).as("the buffers are full after 1 GiB").isLessThan(16_384);
        server.publish("firehose", chunk).get(10, TimeUnit.SECONDS);
        firehose++;
      }
      long droppedBefore = slowSession.droppedMessages();
      long reached = 0;
      long maxBuffered = 0;
      for (int i = 0; i < messages; i++) {
        reached += server.publish("feed", i + " " + MESSAGE).get(10, TimeUnit.SECONDS);
        maxBuffered = Math.max(maxBuffered, slowSession.bufferedAmount());
      }

      assertThat(allReceived.await(60, TimeUnit.SECONDS)).as("the 999 readers got all %d messages", messages).isTrue();
      assertThat(outOfOrder).hasValue(0);
      assertThat(slow.socket.getInputStream().available()).as("the slow one still has not read a byte").isPositive();
      assertThat(maxBuffered).as("the slow subscriber's buffer").isLessThanOrEqualTo(LIMIT);
      assertThat(slowSession.bufferedAmount()).isLessThanOrEqualTo(LIMIT);
      assertThat(slowSession.droppedMessages() - droppedBefore).as("feed messages dropped for the slow one")
          .isPositive();
      assertThat(reached + slowSession.droppedMessages() - droppedBefore)
          .as("every feed message was queued or counted as dropped").isEqualTo((long) messages * (readers + 1));
      assertThat(slowSession.readyState()).isEqualTo(ReadyState.OPEN);
    }
  }

  @Test
  void underTheClosePolicyASlowSubscriberIsClosedWith1013BehindWhatItWasSent() throws Exception {
    try (WebSocketServer server = server(SlowConsumerPolicy.CLOSE);
        RawClient slow = RawClient.connect(server.port(), "/t?firehose", null, null, 4096)) {
      Session slowSession = sessionOf(slow);
      byte[] chunk = new byte[(int) (LIMIT / 2)];
      int published = 0;
      while (slowSession.readyState() == ReadyState.OPEN) {
        assertThat(published).as("closed before 1 GiB").isLessThan(32_768);
        server.publish("firehose", chunk).get(10, TimeUnit.SECONDS);
        published++;
      }
      int seen = 0;
      RawClient.Frame f;
      while ((f = slow.readFrame()).opcode() == 2) {
        assertThat(f.payload()).hasSize(chunk.length);
        seen++;
      }
      assertThat(f.opcode()).isEqualTo(8);
      assertThat(f.closeCode()).isEqualTo(1013);
      assertThat(f.text().substring(2)).startsWith("too slow");
      assertThat(seen).as("every message before the one that did not fit").isEqualTo(published - 1);
      assertThat(slowSession.droppedMessages()).isZero();
    }
  }

  @Test
  void aDirectSendOverTheLimitFailsAtOnceWithSendBufferFullException() throws Exception {
    try (WebSocketServer server = server(SlowConsumerPolicy.DROP);
        RawClient slow = RawClient.connect(server.port(), "/t", null, null, 4096)) {
      Session s = sessionOf(slow);
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      CompletableFuture<Void> refused = null;
      for (int i = 0; i < 100_000 && refused == null; i++) {
        CompletableFuture<Void> f = s.sendText(MESSAGE);
        if (f.isCompletedExceptionally()) {
          refused = f;
        } else {
          sends.add(f);
        }
        assertThat(s.bufferedAmount()).isLessThanOrEqualTo(LIMIT);
      }
      assertThat(refused).as("a send was refused").isNotNull();
      try {
        refused.get();
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(SendBufferFullException.class)
            .hasMessageContaining("maxBufferedBytes " + LIMIT);
        assertThat(((SendBufferFullException) e.getCause()).maxBufferedBytes()).isEqualTo(LIMIT);
      }
      // Nothing accepted is lost: the peer reads and every accepted message arrives.
      AtomicLong count = new AtomicLong();
      for (int i = 0; i < sends.size(); i++) {
        RawClient.Frame f = slow.readFrame();
        assertThat(f.text()).isEqualTo(MESSAGE);
        count.incrementAndGet();
      }
      CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
      assertThat(count.get()).isEqualTo(sends.size());
    } catch (IOException e) {
      throw e;
    }
  }
}
