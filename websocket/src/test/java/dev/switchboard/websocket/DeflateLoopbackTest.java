package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.websocket.internal.Deflated;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our client and our server with permessage-deflate (RFC 7692) over loopback TCP: what they agree
 * on for each pair of configurations, messages of every size both ways through echoing servers,
 * 16 MiB messages, and a zip bomb from a raw client.
 */
@Timeout(60)
class DeflateLoopbackTest {

  private static final DeflateConfig ON = DeflateConfig.DEFAULT;
  /** Both sides reset their compressors after every message (RFC 7692 §7.1.1). */
  private static final DeflateConfig RESETTING = ON.withNoContextTakeover(true).withRequestPeerNoContextTakeover(true);
  /** Every message compressed, the empty one included. */
  private static final DeflateConfig ALL = ON.withThresholdBytes(0);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final Map<String, DeflateConfig> CONFIGS = new LinkedHashMap<>();
  private static final Map<String, WebSocketServer> SERVERS = new LinkedHashMap<>();
  private static final Map<String, WebSocketClient> CLIENTS = new LinkedHashMap<>();
  /** Server sessions as they open, for their side of the negotiation. */
  private static final BlockingQueue<Session> ACCEPTED = new LinkedBlockingQueue<>();

  static {
    CONFIGS.put("none", null);
    CONFIGS.put("default", ON);
    CONFIGS.put("resetting", RESETTING);
    CONFIGS.put("threshold 0", ALL);
  }

  /** Echoes every data message. */
  private static final Endpoint ECHO = new Endpoint() {
    @Override
    public void onOpen(Session s) {
      ACCEPTED.add(s);
    }

    @Override
    public void onText(Session s, String text) {
      s.sendText(text);
    }

    @Override
    public void onBinary(Session s, ByteBuffer data) {
      s.sendBinary(data);
    }
  };

  @BeforeAll
  static void start() {
    CONFIGS.forEach((name, config) -> {
      SERVERS.put(name, WebSocketServer.builder().ioThreads(1).compression(config).route("/echo", ECHO).start());
      CLIENTS.put(name, WebSocketClient.builder().compression(config).build());
    });
  }

  @AfterAll
  static void stop() {
    CLIENTS.values().forEach(WebSocketClient::close);
    SERVERS.values().forEach(s -> s.shutdown(Duration.ofSeconds(2)).join());
  }

  /** What a client receives, in order: Strings and byte arrays. */
  private static final class Inbox implements Endpoint {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();

    @Override
    public void onText(Session s, String text) {
      received.add(text);
    }

    @Override
    public void onBinary(Session s, ByteBuffer data) {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      received.add(copy);
    }

    /** The end goes into the queue too, so that a test waiting for a message sees it at once. */
    @Override
    public void onClose(Session s, CloseEvent e) {
      received.add(e);
      closed.complete(e);
    }

    Object next() throws InterruptedException {
      Object m = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).as("a message within %s", WAIT).isNotNull();
      return m;
    }
  }

  /** A connection from the named client to the named server, and the server's session. */
  private record Link(Session client, Session server, Inbox inbox) implements AutoCloseable {
    static Link open(String client, String server) throws Exception {
      ACCEPTED.clear();
      Inbox inbox = new Inbox();
      URI uri = URI.create("ws://127.0.0.1:" + SERVERS.get(server).port() + "/echo");
      Session s = CLIENTS.get(client).connect(uri, inbox).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return new Link(s, ACCEPTED.poll(WAIT.toSeconds(), TimeUnit.SECONDS), inbox);
    }

    /** Sends each message and checks that the echoes come back intact and in order. */
    void roundTrip(List<Object> messages) throws Exception {
      for (Object m : messages) {
        if (m instanceof String text) {
          client.sendText(text);
        } else {
          client.sendBinary((byte[]) m);
        }
      }
      for (int i = 0; i < messages.size(); i++) {
        Object want = messages.get(i);
        Object got = inbox.next();
        if (want instanceof String text) {
          assertThat(got).as("message %d", i).isEqualTo(text);
        } else {
          assertThat(got).as("message %d", i).isInstanceOf(byte[].class);
          assertThat((byte[]) got).as("message %d", i).isEqualTo((byte[]) want);
        }
      }
    }

    @Override
    public void close() throws Exception {
      CloseEvent e = client.close(1000, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(e.wasClean()).as("clean close after %s", e).isTrue();
    }
  }

  static Stream<Arguments> pairings() {
    String both = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    return Stream.of(
        Arguments.of("default", "default", "permessage-deflate"),
        Arguments.of("threshold 0", "threshold 0", "permessage-deflate"),
        // RFC 7692 §7.1.1 both ways: asked by the client, or by the server unasked
        Arguments.of("resetting", "default", both),
        Arguments.of("default", "resetting", both),
        // one side without compression: nothing is agreed, and messages flow uncompressed
        Arguments.of("default", "none", ""),
        Arguments.of("none", "default", ""));
  }

  /** Empty, small, threshold-sized, large, compressible and not, many in a row. */
  private static List<Object> conversation() {
    Random random = new Random(42);
    List<Object> m = new ArrayList<>(List.of("", new byte[0], "Hello", "a".repeat(1023), "b".repeat(1024),
        "héllo wörld ☃ 😀 ".repeat(5000), noise(random, 70_000), new byte[1 << 20]));
    for (int i = 0; i < 120; i++) {
      int size = random.nextInt(i % 10 == 0 ? 20_000 : 1500);
      m.add(i % 3 == 0 ? noise(random, size) : ("message " + i + " ").repeat(size / 12 + 1));
    }
    return m;
  }

  private static byte[] noise(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0} client, {1} server: [{2}]")
  @MethodSource("pairings")
  void bothSidesAgreeAndEveryMessageComesBackIntact_7(String client, String server, String extensions) throws Exception {
    try (Link link = Link.open(client, server)) {
      assertThat(link.client().extensions()).isEqualTo(extensions);
      assertThat(link.server().extensions()).isEqualTo(extensions);
      link.roundTrip(conversation());
    }
  }

  /**
   * 16 MiB is the default maxMessageBytes and maxFramePayloadBytes: messages of exactly that size
   * pass whether they compress well or not at all.
   */
  @Test
  void sixteenMibMessagesComeBackIntactCompressibleOrNot() throws Exception {
    byte[] pattern = new byte[16 << 20];
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = (byte) (i * 31 + (i >>> 11));
    }
    try (Link link = Link.open("default", "default")) {
      link.roundTrip(List.of(pattern, "x".repeat(16 << 20), noise(new Random(16), 16 << 20)));
    }
  }

  /**
   * A zip bomb: one frame of about 100 KiB that inflates to 100 MiB of zeros, from a raw client
   * to a server whose maxMessageBytes is 1 MiB. The server closes with 1009 at once, delivers
   * nothing, and its event loop thread allocates nowhere near 100 MiB of heap on the way (the
   * inflated bytes themselves are bounded in DeflateConnectionTest with a recording allocator).
   */
  @Test
  void aZipBombFromARawClientIsClosedWith1009BeforeItInflates() throws Exception {
    int limit = 1 << 20;
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    CompletableFuture<Thread> loop = new CompletableFuture<>();
    CompletableFuture<CloseEvent> serverClosed = new CompletableFuture<>();
    WebSocketServer server = WebSocketServer.builder().ioThreads(1).compression(ON)
        .limits(Limits.DEFAULT.withMaxMessageBytes(limit))
        .route("/bomb", new Endpoint() {
          @Override
          public void onOpen(Session s) {
            loop.complete(Thread.currentThread());
          }

          @Override
          public void onBinary(Session s, ByteBuffer data) {
            events.add("binary of " + data.remaining() + " bytes");
          }

          @Override
          public void onClose(Session s, CloseEvent e) {
            serverClosed.complete(e);
          }
        }).start();
    byte[] bomb = Deflated.zeros(100L << 20);
    assertThat(bomb.length).as("compressed size").isLessThan(120 * 1024);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      out.write(("GET /bomb HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(readHead(in)).startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate");
      long threadId = loop.get(WAIT.toSeconds(), TimeUnit.SECONDS).getId();
      long allocatedBefore = allocatedBytes(threadId);

      long start = System.nanoTime();
      ByteBuffer frame = FrameEncoder.encode(true, true, Opcode.BINARY, ByteBuffer.wrap(bomb), true, 0x5eed1234);
      out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
      out.flush();
      byte[] close = readFrame(in);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(close[0] & 0xff).as("a close frame").isEqualTo(0x88);
      assertThat(((close[2] & 0xff) << 8) | (close[3] & 0xff)).isEqualTo(1009);
      assertThat(took).as("time to the close frame").isLessThan(Duration.ofSeconds(5));
      assertThat(in.read()).as("the server shuts down its side after the close frame").isEqualTo(-1);
      long allocated = allocatedBytes(threadId) - allocatedBefore;
      assertThat(allocated).as("heap allocated by the server's event loop").isLessThan(32L << 20);
    } finally {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
    assertThat(serverClosed.get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(1009);
    assertThat(events).as("messages delivered").isEmpty();
  }

  private static long allocatedBytes(long threadId) {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** One unmasked frame with a payload under 126 bytes, as a server's close frame is. */
  private static byte[] readFrame(InputStream in) throws IOException {
    byte[] header = in.readNBytes(2);
    assertThat(header).hasSize(2);
    assertThat(header[1] & 0xff).as("unmasked, short").isLessThan(126);
    byte[] payload = in.readNBytes(header[1]);
    byte[] frame = Arrays.copyOf(header, 2 + payload.length);
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }
}
