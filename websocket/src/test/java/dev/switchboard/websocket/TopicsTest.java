package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.DeflateConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topics over loopback TCP: fan-out to every subscriber, in order, framed and compressed once. */
class TopicsTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** A server whose sessions on /t join the topics named in the query, e.g. /t?news. */
  private WebSocketServer server(DeflateConfig compression) {
    WebSocketServer.Builder b = WebSocketServer.builder().ioThreads(2).route("/t", new Endpoint() {
      @Override
      public void onOpen(Session s) {
        for (String topic : s.url().getQuery().split(",")) {
          s.subscribe(topic);
        }
      }
    });
    if (compression != null) {
      b.compression(compression);
    }
    WebSocketServer server = b.start();
    resources.add(server);
    return server;
  }

  /** A client endpoint that records text messages and counts down per message. */
  static final class Collector implements Endpoint {
    final ConcurrentLinkedQueue<String> texts = new ConcurrentLinkedQueue<>();
    final CountDownLatch received;

    Collector(int expected) {
      received = new CountDownLatch(expected);
    }

    @Override
    public void onText(Session s, String text) {
      texts.add(text);
      received.countDown();
    }

    @Override
    public void onBinary(Session s, java.nio.ByteBuffer data) {
      texts.add("bin:" + StandardCharsets.UTF_8.decode(data));
      received.countDown();
    }
  }

  private List<Collector> subscribe(WebSocketClient client, WebSocketServer server, String query, int n, int expected)
      throws Exception {
    List<Collector> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Collector c = new Collector(expected);
      client.connect("ws://127.0.0.1:" + server.port() + "/t?" + query, c).get(5, TimeUnit.SECONDS);
      out.add(c);
    }
    return out;
  }

  private WebSocketClient client(DeflateConfig compression) {
    WebSocketClient.Builder b = WebSocketClient.builder();
    if (compression != null) {
      b.compression(compression);
    }
    WebSocketClient c = b.build();
    resources.add(c);
    return c;
  }

  @Test
  void everySubscriberGetsEveryMessageOfEachPublisherInOrderWhilePublishersRunOnManyThreads() throws Exception {
    WebSocketServer server = server(null);
    int publishers = 4;
    int perPublisher = 250;
    List<Collector> subs = subscribe(client(null), server, "news", 20, publishers * perPublisher);
    List<Collector> others = subscribe(client(null), server, "sport", 2, 1);

    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Future<List<CompletableFuture<Integer>>>> runs = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        int publisher = p;
        runs.add(pool.submit(() -> {
          List<CompletableFuture<Integer>> reached = new ArrayList<>();
          for (int i = 0; i < perPublisher; i++) {
            reached.add(server.publish("news", publisher + ":" + i));
          }
          return reached;
        }));
      }
      for (Future<List<CompletableFuture<Integer>>> run : runs) {
        for (CompletableFuture<Integer> reached : run.get(10, TimeUnit.SECONDS)) {
          assertThat(reached.get(10, TimeUnit.SECONDS)).as("sessions reached").isEqualTo(20);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    server.publish("sport", "goal").get(5, TimeUnit.SECONDS);

    for (Collector c : subs) {
      assertThat(c.received.await(10, TimeUnit.SECONDS)).as("all %d messages arrive", publishers * perPublisher)
          .isTrue();
      int[] next = new int[publishers];
      for (String t : c.texts) {
        int p = Integer.parseInt(t.substring(0, t.indexOf(':')));
        int i = Integer.parseInt(t.substring(t.indexOf(':') + 1));
        assertThat(i).as("publisher %d's messages in order", p).isEqualTo(next[p]++);
      }
      assertThat(next).containsOnly(perPublisher);
    }
    for (Collector c : others) {
      assertThat(c.received.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(c.texts).as("only its own topic").containsExactly("goal");
    }
    assertThat(server.topics().framesEncoded()).as("one frame per published message")
        .isEqualTo(publishers * perPublisher + 1L);
  }

  @Test
  void aMessageIsFramedOnceWhateverTheNumberOfSubscribersAndBinaryKeepsItsType() throws Exception {
    WebSocketServer server = server(null);
    List<Collector> subs = subscribe(client(null), server, "a,b", 30, 2);
    long before = server.topics().framesEncoded();
    assertThat(server.publish("a", "x").get(5, TimeUnit.SECONDS)).isEqualTo(30);
    assertThat(server.publish("b", "y".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS)).isEqualTo(30);
    assertThat(server.topics().framesEncoded() - before).isEqualTo(2);
    assertThat(server.publish("nobody", "z").get(5, TimeUnit.SECONDS)).isZero();
    for (Collector c : subs) {
      assertThat(c.received.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(c.texts).containsExactly("x", "bin:y");
    }
    assertThat(server.topics().framesCompressed()).isZero();
  }

  @Test
  void unsubscribeAndCloseRemoveTheSessionFromItsTopics() throws Exception {
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    CompletableFuture<CloseEvent> serverClosed = new CompletableFuture<>();
    WebSocketServer server = WebSocketServer.builder().ioThreads(1).route("/t", new Endpoint() {
      @Override
      public void onOpen(Session s) {
        s.subscribe("a");
        s.subscribe("a");
        s.subscribe("b");
        serverSide.complete(s);
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        serverClosed.complete(e);
      }
    }).start();
    resources.add(server);
    Collector c = new Collector(1);
    Session client = client(null).connect("ws://127.0.0.1:" + server.port() + "/t", c).get(5, TimeUnit.SECONDS);
    Session s = serverSide.get(5, TimeUnit.SECONDS);
    assertThat(s.subscriptions()).containsExactlyInAnyOrder("a", "b");
    s.unsubscribe("a");
    assertThat(server.publish("a", "gone").get(5, TimeUnit.SECONDS)).isZero();
    assertThat(server.publish("b", "here").get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(c.received.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(s.subscriptions()).containsExactly("b");
    client.close().get(5, TimeUnit.SECONDS);
    serverClosed.get(5, TimeUnit.SECONDS);
    assertThat(server.publish("b", "after close").get(5, TimeUnit.SECONDS)).isZero();
    assertThat(s.subscriptions()).isEmpty();
    assertThat(c.texts).containsExactly("here");
  }

  @Test
  void topicsAreAServerFeatureAndANameIsRequired() throws Exception {
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    WebSocketServer server = WebSocketServer.builder().route("/t", new Endpoint() {
      @Override
      public void onOpen(Session s) {
        serverSide.complete(s);
      }
    }).start();
    resources.add(server);
    Session client = client(null).connect("ws://127.0.0.1:" + server.port() + "/t", new Endpoint() {})
        .get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> client.subscribe("x")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("server feature");
    assertThatThrownBy(() -> serverSide.get(5, TimeUnit.SECONDS).subscribe(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.publish(null, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTopicMessageIsCompressedOnceForSubscribersWithoutContextAndSentPlainToTheOthers() throws Exception {
    // The server keeps context unless a client asks it not to (server_no_context_takeover).
    WebSocketServer server = server(DeflateConfig.DEFAULT.withThresholdBytes(64));
    DeflateConfig noContext = DeflateConfig.DEFAULT.withRequestPeerNoContextTakeover(true);
    String big = "all the news that fits ".repeat(200);
    List<Collector> shared = subscribe(client(noContext), server, "n", 5, 2);
    List<Collector> withContext = subscribe(client(DeflateConfig.DEFAULT), server, "n", 3, 2);
    List<Collector> plain = subscribe(client(null), server, "n", 3, 2);
    try (RawClient raw = RawClient.connect(server.port(), "/t?n", "permessage-deflate; server_no_context_takeover",
        null, 0)) {
      assertThat(raw.status()).isEqualTo(101);
      assertThat(raw.header("Sec-WebSocket-Extensions")).contains("server_no_context_takeover");

      assertThat(server.publish("n", big).get(5, TimeUnit.SECONDS)).isEqualTo(12);
      assertThat(server.publish("n", big).get(5, TimeUnit.SECONDS)).isEqualTo(12);

      for (int i = 0; i < 2; i++) {
        RawClient.Frame f = raw.readFrame();
        assertThat(f.rsv1()).as("compressed on the wire (RSV1, RFC 7692 §6)").isTrue();
        assertThat(f.payload().length).isLessThan(big.length() / 10);
        assertThat(new String(RawClient.inflate(f.payload()), StandardCharsets.UTF_8)).isEqualTo(big);
      }
    }
    for (List<Collector> group : List.of(shared, withContext, plain)) {
      for (Collector c : group) {
        assertThat(c.received.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.texts).containsExactly(big, big);
      }
    }
    assertThat(server.topics().framesCompressed()).as("once per message: every sharer has a 15-bit window")
        .isEqualTo(2);
  }
}
