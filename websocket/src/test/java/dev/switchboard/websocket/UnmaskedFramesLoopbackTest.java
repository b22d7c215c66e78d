package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.internal.FailOnLeaks;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The opt-in relaxation of RFC 6455 §5.1 over loopback: {@link
 * WebSocketClient.Builder#sendUnmaskedFrames} against a default server and one built with {@link
 * WebSocketServer.Builder#acceptUnmaskedFrames}. Node's {@code ws} cannot accept unmasked frames
 * as a server, so these run only against ourselves.
 */
@ExtendWith(FailOnLeaks.class)
class UnmaskedFramesLoopbackTest {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final BlockingQueue<Object> serverGot = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseEvent> serverClosed = new CompletableFuture<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  private WebSocketServer server(boolean acceptUnmasked, DeflateConfig compression) {
    WebSocketServer s = WebSocketServer.builder()
        .acceptUnmaskedFrames(acceptUnmasked)
        .compression(compression)
        .route("/echo", new Endpoint() {
          @Override
          public void onText(Session session, String text) {
            serverGot.add(text);
            session.sendText(text);
          }

          @Override
          public void onBinary(Session session, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.duplicate().get(b);
            serverGot.add(b);
            session.sendBinary(data);
          }

          @Override
          public void onClose(Session session, CloseEvent event) {
            serverClosed.complete(event);
          }
        })
        .start();
    resources.add(s);
    return s;
  }

  private WebSocketClient client(boolean sendUnmasked, DeflateConfig compression) {
    WebSocketClient c = WebSocketClient.builder().sendUnmaskedFrames(sendUnmasked).compression(compression).build();
    resources.add(c);
    return c;
  }

  /** Connects and returns the session; replies and the close event are collected. */
  private static Session connect(WebSocketClient c, WebSocketServer s, BlockingQueue<Object> replies,
      CompletableFuture<CloseEvent> closed) throws Exception {
    return c.connect("ws://127.0.0.1:" + s.port() + "/echo", new Endpoint() {
      @Override
      public void onText(Session session, String text) {
        replies.add(text);
      }

      @Override
      public void onBinary(Session session, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        replies.add(b);
      }

      @Override
      public void onPong(Session session, ByteBuffer payload) {
        replies.add("pong " + payload.remaining());
      }

      @Override
      public void onClose(Session session, CloseEvent event) {
        closed.complete(event);
      }
    }).get(5, TimeUnit.SECONDS);
  }

  @Test
  void unmaskedClientIsClosedWith1002ByADefaultServer() throws Exception {
    WebSocketServer server = server(false, null);
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = connect(client(true, null), server, new LinkedBlockingQueue<>(), closed);
    s.sendText("hello");
    CloseEvent e = closed.get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(1002);
    assertThat(e.remote()).isTrue();
    CloseEvent atServer = serverClosed.get(5, TimeUnit.SECONDS);
    assertThat(atServer.code()).isEqualTo(1002);
    assertThat(atServer.error()).hasMessageContaining("mask");
    assertThat(serverGot).isEmpty(); // the unmasked message never reached the endpoint
  }

  @Test
  void unmaskedClientTalksToAServerThatAcceptsUnmaskedFrames() throws Exception {
    WebSocketServer server = server(true, null);
    BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = connect(client(true, null), server, replies, closed);
    byte[] big = new byte[70_000]; // a 64-bit length
    new Random(7).nextBytes(big);
    s.sendText("héllo");
    s.sendBinary(big);
    assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("héllo");
    assertThat((byte[]) replies.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
    s.ping(ByteBuffer.wrap(new byte[] {1, 2, 3})); // control frames go unmasked too
    assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("pong 3");
    CloseEvent e = s.close(1000, "done").get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(1000);
    assertThat(e.wasClean()).isTrue();
    assertThat(serverClosed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
  }

  @Test
  void serverThatAcceptsUnmaskedFramesStillAcceptsMaskedOnes() throws Exception {
    WebSocketServer server = server(true, null);
    BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    Session s = connect(client(false, null), server, replies, new CompletableFuture<>());
    s.sendText("masked");
    assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("masked");
    assertThat(s.close().get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
  }

  @Test
  void unmaskedCompressedMessagesWorkWithPermessageDeflate() throws Exception {
    WebSocketServer server = server(true, DeflateConfig.DEFAULT);
    BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    Session s = connect(client(true, DeflateConfig.DEFAULT), server, replies, new CompletableFuture<>());
    String text = "compressible ".repeat(500); // over the 1 KiB threshold: sent compressed
    s.sendText(text);
    assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
    assertThat(serverGot.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
    assertThat(s.close().get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
  }

  @Test
  void unmaskedCompressedClientIsStillRefusedByADefaultServer() throws Exception {
    WebSocketServer server = server(false, DeflateConfig.DEFAULT);
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = connect(client(true, DeflateConfig.DEFAULT), server, new LinkedBlockingQueue<>(), closed);
    s.sendText("compressible ".repeat(500));
    assertThat(closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1002);
  }
}
