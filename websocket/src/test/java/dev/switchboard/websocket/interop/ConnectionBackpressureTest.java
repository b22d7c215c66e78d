package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.SendBufferFullException;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backpressure through the {@link Connection} handle ({@link Limits#maxBufferedBytes()}): against
 * a server that stops reading, {@code bufferedAmount()} grows to the limit and no further, the
 * next send fails at once with {@link SendBufferFullException}, {@code WRITABLE} fires once the
 * server reads again, and every accepted message arrives, in order, once.
 */
@Timeout(60)
class ConnectionBackpressureTest {

  private static final long LIMIT = 512 * 1024;
  private static final int MESSAGE_CHARS = 32 * 1024;
  /** Far more than the kernel's loopback buffers and the limit together: the loop always ends. */
  private static final int MAX_MESSAGES = 2048;

  private WebSocketServer server;
  private WebSocketClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  private static String message(int seq) {
    String head = seq + ":";
    return head + "x".repeat(MESSAGE_CHARS - head.length());
  }

  @Test
  void aServerThatStopsReadingFillsTheBufferToTheLimitThenSendsFailFastAndNothingIsLost() throws Exception {
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .route("/", new Endpoint() {
          @Override
          public void onOpen(Session s) {
            s.pauseReading();                                   // stops reading: TCP fills up
            serverSide.complete(s);
          }

          @Override
          public void onText(Session s, String text) {
            received.add(Integer.parseInt(text.substring(0, text.indexOf(':'))));
          }
        }).start();
    client = WebSocketClient.builder().limits(Limits.DEFAULT.withMaxBufferedBytes(LIMIT)).build();
    CompletableFuture<Throwable> firstRefusal = new CompletableFuture<>();
    CompletableFuture<Session> writableAfterRefusal = new CompletableFuture<>();
    Connection c = client.open(ConnectRequest.to("ws://127.0.0.1:" + server.port() + "/").build(),
        h -> h.on(ConnectionEvent.WRITABLE, s -> {
          if (firstRefusal.isDone()) {          // both on the loop, in order
            writableAfterRefusal.complete(s);
          }
        }));
    c.join();
    serverSide.get(10, TimeUnit.SECONDS);

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    long maxSeen = 0;
    for (int seq = 0; seq < MAX_MESSAGES && !firstRefusal.isDone(); seq++) {
      CompletableFuture<Void> f = c.sendText(message(seq));
      f.whenComplete((v, t) -> {
        if (t != null) {
          firstRefusal.complete(t);
        }
      });
      sends.add(f);
      maxSeen = Math.max(maxSeen, c.bufferedAmount());
    }
    Throwable refusal = firstRefusal.get(10, TimeUnit.SECONDS);
    assertThat(refusal).isInstanceOf(SendBufferFullException.class);
    SendBufferFullException full = (SendBufferFullException) refusal;
    assertThat(full.maxBufferedBytes()).isEqualTo(LIMIT);
    assertThat(full.bufferedBytes()).as("the buffer grew to the limit").isGreaterThan(LIMIT - full.messageBytes())
        .isLessThanOrEqualTo(LIMIT);
    assertThat(full).hasMessageContaining("maxBufferedBytes " + LIMIT).hasMessageContaining("onWritable");
    assertThat(maxSeen).as("bufferedAmount() never passes the limit").isLessThanOrEqualTo(LIMIT);
    assertThat(c.bufferedAmount()).isLessThanOrEqualTo(LIMIT);

    serverSide.join().resumeReading();
    assertThat(writableAfterRefusal.get(10, TimeUnit.SECONDS)).as("WRITABLE once drained").isSameAs(c.session());
    // Every send settles: written, or refused at once with SendBufferFullException; none hangs.
    List<Integer> accepted = new ArrayList<>();
    for (int seq = 0; seq < sends.size(); seq++) {
      Throwable t = settle(sends.get(seq));
      if (t == null) {
        accepted.add(seq);
      } else {
        assertThat(t).isInstanceOf(SendBufferFullException.class);
      }
    }
    assertThat(accepted).hasSizeLessThan(sends.size());
    for (int seq : accepted) {
      assertThat(received.poll(10, TimeUnit.SECONDS)).as("message %d arrives, in order", seq).isEqualTo(seq);
    }
    c.sendText("-1:after").get(10, TimeUnit.SECONDS);         // sending works again
    assertThat(received.poll(10, TimeUnit.SECONDS)).as("no refused or repeated message arrived").isEqualTo(-1);
    c.close().join();
  }

  /** Waits up to 10 s for {@code f}; returns its failure, or null if it succeeded. */
  private static Throwable settle(CompletableFuture<Void> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
