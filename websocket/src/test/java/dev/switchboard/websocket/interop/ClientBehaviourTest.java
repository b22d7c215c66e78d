package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.websocket.ClientImplementation;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectCancelledException;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.SendBufferFullException;
import dev.switchboard.websocket.SendRejectedException;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import dev.switchboard.websocket.WebSocketServer;
import dev.switchboard.websocket.interop.RawHttpServer.Answer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's behaviour, whatever carries it: each subclass runs every test here against our
 * server with one {@link ClientImplementation} ({@code NettyClientBehaviourTest}, {@code
 * JdkClientBehaviourTest}). Time moves only through a {@link ManualScheduler}.
 */
@Timeout(30)
abstract class ClientBehaviourTest {

  private static final RetryPolicy RETRY = RetryPolicy.exponential(3).withJitter(0)
      .withInitialDelay(Duration.ofSeconds(1));

  final ManualScheduler clock = new ManualScheduler();
  private final List<WebSocketServer> servers = new ArrayList<>();
  private final List<WebSocketClient> clients = new ArrayList<>();

  /** What carries the connections under test. */
  abstract ClientImplementation implementation();

  @AfterEach
  void stop() {
    clients.forEach(WebSocketClient::close);
    servers.forEach(s -> s.shutdown(Duration.ofSeconds(1)).join());
  }

  WebSocketClient.Builder clientBuilder() {
    return WebSocketClient.builder().implementation(implementation()).scheduler(clock);
  }

  WebSocketClient client(WebSocketClient.Builder b) {
    WebSocketClient c = b.build();
    clients.add(c);
    assertThat(c.implementation()).isEqualTo(implementation());
    return c;
  }

  /**
   * Our server on {@code port} (0: any): echoes messages; "close:CODE" closes with CODE and
   * reason "done"; "ping" pings; "fragments" answers "ab"+"cd" in two text fragments. Every text
   * it receives is also put in {@code received}.
   */
  WebSocketServer server(int port, BlockingQueue<String> received) {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(port)
        .route("/", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            received.add(text);
            if (text.startsWith("close:")) {
              s.close(Integer.parseInt(text.substring(6)), "done");
            } else if (text.equals("ping")) {
              s.ping(ByteBuffer.wrap(new byte[] {7}));
            } else if (text.equals("fragments")) {
              s.sendFragment(MessageType.TEXT, utf8("ab"), false);
              s.sendFragment(MessageType.TEXT, utf8("cd"), true);
            } else {
              s.sendText(text);
            }
          }

          @Override
          public void onBinary(Session s, ByteBuffer data) {
            s.sendBinary(data);
          }

          @Override
          public void onClose(Session s, CloseEvent e) {
            received.add("closed:" + e.code());
          }
        }).start();
    servers.add(server);
    return server;
  }

  static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static String take(BlockingQueue<String> q) throws InterruptedException {
    String s = q.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("nothing within 10 s");
    }
    return s;
  }

  String url(WebSocketServer server) {
    return "ws://127.0.0.1:" + server.port() + "/";
  }

  private static Throwable failureOf(Connection c) {
    Throwable t = catchThrowable(c::join);
    return t instanceof CompletionException ? t.getCause() : t;
  }

  // ---------------------------------------------------------------- messages

  @Test
  void textAndBinaryEcho() throws Exception {
    WebSocketServer server = server(0, new LinkedBlockingQueue<>());
    ConnectionEvents events = ConnectionEvents.open(client(clientBuilder()), url(server));
    Connection c = events.connection();
    Session s = c.join();
    assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
    assertThat(c.status()).isEqualTo(ConnectionStatus.OPEN);
    assertThat(events.next()).isEqualTo("open");
    c.sendText("héllo ☃").get(10, TimeUnit.SECONDS);
    assertThat(events.next()).isEqualTo("text:héllo ☃");
    c.sendBinary("bytes".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    assertThat(events.next()).isEqualTo("binary:bytes");
    assertThat(c.bufferedAmount()).isZero();
    assertThat(c.isWritable()).isTrue();
  }

  @Test
  void largeBinaryMessageComesBackIntact() throws Exception {
    WebSocketServer server = server(0, new LinkedBlockingQueue<>());
    CompletableFuture<byte[]> back = new CompletableFuture<>();
    Session s = client(clientBuilder()).connect(url(server), new Endpoint() {
      @Override
      public void onBinary(Session s, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        back.complete(b);
      }
    }).get(10, TimeUnit.SECONDS);
    byte[] big = new byte[1 << 20];
    new java.util.Random(1).nextBytes(big);
    s.sendBinary(big);
    assertThat(back.get(10, TimeUnit.SECONDS)).isEqualTo(big);
  }

  @Test
  void fragmentsBothWays() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocketServer server = server(0, received);
    ConnectionEvents events = ConnectionEvents.open(client(clientBuilder()), url(server));
    Session s = events.connection().join();
    CompletableFuture<Void> whole = s.sendText("whole"); // waits behind the fragmented message
    s.sendFragment(MessageType.TEXT, utf8("frag"), false);
    s.sendFragment(MessageType.TEXT, utf8("ments"), true).get(10, TimeUnit.SECONDS);
    whole.get(10, TimeUnit.SECONDS);
    assertThat(take(received)).isEqualTo("whole");
    assertThat(take(received)).as("the fragments, one message").isEqualTo("fragments");
    assertThat(events.until("text:ab")).as("the server's two fragments, one message").isEqualTo("text:abcd");
  }

  @Test
  void pingPongBothWays() throws Exception {
    WebSocketServer server = server(0, new LinkedBlockingQueue<>());
    BlockingQueue<String> control = new LinkedBlockingQueue<>();
    Connection c = client(clientBuilder()).open(ConnectRequest.to(url(server)).build(), conn -> conn
        .on(ConnectionEvent.PING, p -> control.add("ping:" + p.remaining()))
        .on(ConnectionEvent.PONG, p -> control.add("pong:" + StandardCharsets.UTF_8.decode(p))));
    Session s = c.join();
    s.ping(utf8("hi")).get(10, TimeUnit.SECONDS);
    assertThat(take(control)).isEqualTo("pong:hi");
    c.sendText("ping");
    assertThat(take(control)).isEqualTo("ping:1");
  }

  // ---------------------------------------------------------------- closing

  @Test
  void clientClosesWithACodeTheServerSees() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocketServer server = server(0, received);
    Connection c = client(clientBuilder()).open(url(server));
    c.join();
    CloseEvent e = c.close(4001, "bye").get(10, TimeUnit.SECONDS);
    assertThat(take(received)).isEqualTo("closed:4001");
    assertThat(e.code()).as("the code of the close frame received (§7.1.5): the echo").isEqualTo(4001);
    assertThat(e.wasClean()).isTrue();
    assertThat(e.remote()).isFalse();
    assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
  }

  @Test
  void serverClosesWithACodeTheClientSees() throws Exception {
    WebSocketServer server = server(0, new LinkedBlockingQueue<>());
    ConnectionEvents events = ConnectionEvents.open(client(clientBuilder()), url(server));
    Connection c = events.connection();
    c.join();
    c.sendText("close:4002");
    CloseEvent e = c.closed().get(10, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(4002);
    assertThat(e.reason()).isEqualTo("done");
    assertThat(e.remote()).isTrue();
    assertThat(e.error()).isNull();
    assertThat(events.until("close")).isEqualTo("close:4002");
  }

  /** RFC 6455 §7.1.5: TCP closed without a close frame is 1006, unclean. */
  @Test
  void serverDroppingTcpIsAbnormalClosure() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> new Answer(
        ConnectionRetryTest.switching(head).bytes(), true))) {
      Connection c = client(clientBuilder()).open("ws://127.0.0.1:" + server.port() + "/");
      CloseEvent e = c.closed().get(10, TimeUnit.SECONDS);
      assertThat(e.code()).as(e.toString()).isEqualTo(1006);
      assertThat(e.wasClean()).isFalse();
      assertThat(e.remote()).isTrue();
    }
  }

  @Test
  void messageOverMaxMessageBytesClosesWith1009() throws Exception {
    WebSocketServer server = server(0, new LinkedBlockingQueue<>());
    WebSocketClient client = client(clientBuilder()
        .limits(Limits.DEFAULT.withMaxMessageBytes(1000).withMaxFramePayloadBytes(1000)));
    ConnectionEvents events = ConnectionEvents.open(client, url(server));
    Connection c = events.connection();
    c.join();
    c.sendText("x".repeat(1001)); // echoed: one byte too many for us
    assertThat(events.until("error")).isEqualTo("error:ProtocolViolationException");
    assertThat(c.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1009);
  }

  @Test
  void endpointExceptionClosesWith1011() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocketServer server = server(0, received);
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = client(clientBuilder()).connect(url(server), new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        throw new IllegalStateException("application bug");
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        closed.complete(e);
      }
    }).get(10, TimeUnit.SECONDS);
    s.sendText("boom");
    assertThat(take(received)).isEqualTo("boom");
    assertThat(take(received)).isEqualTo("closed:1011");
    CloseEvent e = closed.get(10, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(1011);
    assertThat(e.error()).isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- connect failures and retries

  @Test
  void nothingListeningIsRefusedAndRetried() throws Exception {
    ConnectionEvents events = ConnectionEvents.open(client(clientBuilder().connectRetry(RETRY.withMaxRetries(1))),
        "ws://127.0.0.1:" + ConnectionRetryTest.closedPort() + "/");
    Connection c = events.connection();
    assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(1));
    assertThat(c.status()).isEqualTo(ConnectionStatus.RETRYING);
    clock.advance(Duration.ofSeconds(1));
    WebSocketConnectException e = (WebSocketConnectException) failureOf(c);
    assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.CONNECTION_REFUSED);
    assertThat(events.drain()).containsExactly(
        "error:WebSocketConnectException", "reconnecting:1:PT1S", "error:WebSocketConnectException");
  }

  @Test
  void unauthorizedIsNotRetried() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> Answer.of(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 2\r\n\r\nno", false))) {
      Connection c = client(clientBuilder().connectRetry(RETRY)).open("ws://127.0.0.1:" + server.port() + "/");
      WebSocketConnectException e = (WebSocketConnectException) failureOf(c);
      assertThat(e.failure()).isEqualTo(ConnectFailure.HTTP_STATUS);
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.responseHeaders()).containsEntry("www-authenticate", List.of("Bearer"));
      assertThat(server.requests()).hasSize(1);
      assertThat(clock.pendingDelays()).as("no retry scheduled").isEmpty();
    }
  }

  @Test
  void unavailableIsRetriedAfterRetryAfter() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    try (RawHttpServer server = new RawHttpServer(head -> seen.incrementAndGet() == 1
        ? Answer.of("HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n", false)
        : ConnectionRetryTest.switching(head))) {
      Connection c = client(clientBuilder().connectRetry(RETRY)).open("ws://127.0.0.1:" + server.port() + "/");
      assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(7));
      clock.advance(Duration.ofSeconds(7));
      assertThat(c.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(server.requests()).hasSize(2);
      c.session().abort();
    }
  }

  @Test
  void invalidAcceptIsInvalidHandshake() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> Answer.of("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + ConnectFailureTest.accept("dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n", false))) {
      Connection c = client(clientBuilder()).open("ws://127.0.0.1:" + server.port() + "/");
      WebSocketConnectException e = (WebSocketConnectException) failureOf(c);
      assertThat(e.failure()).as(e.toString()).isEqualTo(ConnectFailure.INVALID_HANDSHAKE);
    }
  }

  // ---------------------------------------------------------------- cancellation

  @Test
  void cancelDuringTheOpeningHandshake() throws Exception {
    try (RawHttpServer server = new RawHttpServer(head -> Answer.SILENCE)) {
      Connection c = client(clientBuilder()).open("ws://127.0.0.1:" + server.port() + "/");
      assertThat(server.requests().poll(10, TimeUnit.SECONDS)).startsWith("GET / HTTP/1.1");
      assertThat(c.cancel()).isTrue();
      assertThat(catchThrowable(c::join)).isInstanceOf(ConnectCancelledException.class);
      assertThat(c.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1006);
      assertThat(c.status()).isEqualTo(ConnectionStatus.CLOSED);
    }
  }

  @Test
  void cancelWhileWaitingToRetry() throws Exception {
    Connection c = client(clientBuilder().connectRetry(RETRY))
        .open("ws://127.0.0.1:" + ConnectionRetryTest.closedPort() + "/");
    clock.awaitPending(1);
    assertThat(c.cancel()).isTrue();
    assertThat(catchThrowable(c::join)).isInstanceOf(ConnectCancelledException.class);
    c.closed().get(10, TimeUnit.SECONDS);
    assertThat(clock.pendingDelays()).as("the backoff timer is cancelled").isEmpty();
  }

  // ---------------------------------------------------------------- backpressure

  private static final long BUFFER_LIMIT = 512 * 1024;
  private static final long HIGH_WATER = 128 * 1024;
  private static final long LOW_WATER = 16 * 1024;
  private static final int MESSAGE_CHARS = 32 * 1024;
  /** Far more than the kernel's loopback buffers and the limit together: the loop always ends. */
  private static final int MAX_MESSAGES = 4096;

  /**
   * Against a server that stops reading, {@code bufferedAmount()} grows to {@link
   * Limits#maxBufferedBytes()} and no further, {@code isWritable()} is false past the high-water
   * mark, the next send fails at once with {@link SendBufferFullException}, {@code WRITABLE} fires
   * below the low-water mark once the server reads again, and every accepted message arrives,
   * in order, once.
   */
  @Test
  void aServerThatStopsReadingFillsTheBufferToTheLimitThenSendsFailFastAndNothingIsLost() throws Exception {
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .route("/", new Endpoint() {
          @Override
          public void onOpen(Session s) {
            s.pauseReading(); // stops reading: TCP fills up
            serverSide.complete(s);
          }

          @Override
          public void onText(Session s, String text) {
            received.add(Integer.parseInt(text.substring(0, text.indexOf(':'))));
          }
        }).start();
    servers.add(server);
    WebSocketClient client = client(clientBuilder().limits(Limits.DEFAULT.withMaxBufferedBytes(BUFFER_LIMIT)
        .withSendWaterMarks(LOW_WATER, HIGH_WATER)));
    CompletableFuture<Throwable> firstRefusal = new CompletableFuture<>();
    CompletableFuture<Long> bufferedWhenWritable = new CompletableFuture<>();
    Connection c = client.open(ConnectRequest.to(url(server)).build(),
        h -> h.on(ConnectionEvent.WRITABLE, s -> {
          if (firstRefusal.isDone()) { // both on the loop, in order
            bufferedWhenWritable.complete(s.bufferedAmount());
          }
        }));
    c.join();
    serverSide.get(10, TimeUnit.SECONDS);

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    long maxSeen = 0;
    for (int seq = 0; seq < MAX_MESSAGES && !firstRefusal.isDone(); seq++) {
      String head = seq + ":";
      CompletableFuture<Void> f = c.sendText(head + "x".repeat(MESSAGE_CHARS - head.length()));
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
    assertThat(full.maxBufferedBytes()).isEqualTo(BUFFER_LIMIT);
    assertThat(full.bufferedBytes()).as("the buffer grew to the limit")
        .isGreaterThan(BUFFER_LIMIT - full.messageBytes()).isLessThanOrEqualTo(BUFFER_LIMIT);
    assertThat(full).hasMessageContaining("maxBufferedBytes " + BUFFER_LIMIT).hasMessageContaining("onWritable");
    // The first refusal can come while sends queued within one loop turn still count, before the
    // kernel's buffers are full; keep offering until the kernel is full too. From then on the state
    // is stable (the server reads nothing), so the checks below cannot race a drain.
    int next = sends.size();
    while ((c.isWritable() || c.bufferedAmount() <= HIGH_WATER) && next < 4 * MAX_MESSAGES) {
      String head = next++ + ":";
      sends.add(c.sendText(head + "x".repeat(MESSAGE_CHARS - head.length())));
      maxSeen = Math.max(maxSeen, c.bufferedAmount());
    }
    assertThat(maxSeen).as("bufferedAmount() never passes the limit").isLessThanOrEqualTo(BUFFER_LIMIT);
    assertThat(c.bufferedAmount()).isGreaterThan(HIGH_WATER);
    assertThat(c.isWritable()).as("past the high-water mark").isFalse();
    assertThat(c.session().ping(ByteBuffer.allocate(0))).as("control frames are never refused").isNotCompletedExceptionally();

    serverSide.join().resumeReading();
    assertThat(bufferedWhenWritable.get(10, TimeUnit.SECONDS)).as("WRITABLE below the low-water mark")
        .isLessThan(LOW_WATER);
    // Every send settles: written, or refused at once with SendBufferFullException; none hangs.
    List<Integer> accepted = new ArrayList<>();
    for (int seq = 0; seq < sends.size(); seq++) {
      CompletableFuture<Void> f = sends.get(seq);
      Throwable t = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
      if (t == null) {
        accepted.add(seq);
      } else {
        assertThat(t).isInstanceOf(java.util.concurrent.ExecutionException.class).cause()
            .isInstanceOf(SendBufferFullException.class);
      }
    }
    assertThat(accepted).hasSizeLessThan(sends.size());
    for (int seq : accepted) {
      assertThat(received.poll(10, TimeUnit.SECONDS)).as("message %d arrives, in order", seq).isEqualTo(seq);
    }
    // A send's future completes just before its bytes leave the buffer's count; a ping written
    // after every message settles that count for all of them.
    c.session().ping(ByteBuffer.allocate(0)).get(10, TimeUnit.SECONDS);
    assertThat(c.isWritable()).isTrue();
    c.sendText("-1:after").get(10, TimeUnit.SECONDS); // sending works again
    assertThat(received.poll(10, TimeUnit.SECONDS)).as("no refused or repeated message arrived").isEqualTo(-1);
    c.close().get(10, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- reconnection, offline queue, heartbeats

  @Test
  void reconnectsAndSendsTheBoundedQueueInOrderOnce() throws Exception {
    WebSocketClient client = client(clientBuilder().reconnect(RETRY).offlineQueue(OfflineQueue.bounded(2, 1024)));
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    WebSocketServer server = server(0, first);
    int port = server.port();
    ConnectionEvents events = ConnectionEvents.open(client, url(server));
    Connection c = events.connection();
    String id = c.id();
    c.join();
    c.sendText("1").get(10, TimeUnit.SECONDS);
    assertThat(take(first)).isEqualTo("1");

    server.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    servers.remove(server);
    assertThat(events.until("close")).isEqualTo("close:1001");
    assertThat(events.next()).isEqualTo("reconnecting:1:PT1S");
    List<CompletableFuture<Void>> queued = List.of(c.sendText("2"), c.sendText("3"));
    assertThat(catchThrowable(() -> c.sendText("4").join())).cause()
        .isInstanceOf(SendRejectedException.class).hasMessageContaining("offline queue is full");
    assertThat(c.queuedMessages()).isEqualTo(2);

    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    server(port, second);
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(events.until("reconnected")).isEqualTo("reconnected");
    CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    c.sendText("5").get(10, TimeUnit.SECONDS);
    assertThat(List.of(take(second), take(second), take(second))).containsExactly("2", "3", "5");
    assertThat(c.id()).isEqualTo(id);
    c.close().get(10, TimeUnit.SECONDS);
    assertThat(take(second)).isEqualTo("closed:1000");
    assertThat(second).as("nothing twice").isEmpty();
    assertThat(first).as("nothing more reached the first server").doesNotContain("2", "3", "5");
  }

  /** A server that completes the handshake and then never answers anything, pings included. */
  @Test
  void heartbeatTimeoutClosesAndReconnects() throws Exception {
    WebSocketClient client = client(clientBuilder().reconnect(RETRY)
        .heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    try (RawHttpServer server = new RawHttpServer(ConnectionRetryTest::switching)) {
      ConnectionEvents events = ConnectionEvents.open(client, "ws://127.0.0.1:" + server.port() + "/");
      Connection c = events.connection();
      c.join();
      assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(30)); // the ping goes out
      assertThat(clock.awaitPending(1)).containsExactly(Duration.ofSeconds(10));
      clock.advance(Duration.ofSeconds(10)); // no answer
      assertThat(events.next()).isEqualTo("open");
      assertThat(events.next()).isEqualTo("error:HeartbeatTimeoutException");
      assertThat(events.next()).isEqualTo("close:1006");
      assertThat(events.next()).isEqualTo("reconnecting:1:PT1S");
      clock.awaitPending(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(events.next()).isEqualTo("open");
      assertThat(events.next()).isEqualTo("reconnected");
      assertThat(server.requests()).hasSize(2);
      c.close();
    }
  }

  @Test
  void heartbeatAnsweredKeepsTheConnection() throws Exception {
    WebSocketServer server = server(0, new LinkedBlockingQueue<>());
    ConnectionEvents events = ConnectionEvents.open(client(clientBuilder()
        .heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10))), url(server));
    Connection c = events.connection();
    c.join();
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(events.until("pong")).isEqualTo("pong");
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(clock.awaitPending(1)).as("the next heartbeat is armed").containsExactly(Duration.ofSeconds(30));
    assertThat(c.status()).isEqualTo(ConnectionStatus.OPEN);
    assertThat(c.closed()).isNotDone();
  }
}
