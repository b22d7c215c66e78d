package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our client against our server over loopback TCP. */
class LoopbackEchoTest {

  static WebSocketServer server;
  static WebSocketClient client;

  @BeforeAll
  static void start() {
    server = WebSocketServer.builder()
        .route("/echo", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            s.sendText(text);
          }

          @Override
          public void onBinary(Session s, ByteBuffer data) {
            s.sendBinary(data);
          }
        })
        .start();
    client = WebSocketClient.builder().build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.shutdown(Duration.ofSeconds(2)).join();
  }

  @Test
  void textAndBinaryMessagesComeBackIntact() throws Exception {
    BlockingQueue<Object> got = new LinkedBlockingQueue<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        got.add(text);
      }

      @Override
      public void onBinary(Session s, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        got.add(b);
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        closed.complete(e);
      }
    }).get(5, TimeUnit.SECONDS);
    assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
    s.sendText("héllo wörld").get(5, TimeUnit.SECONDS);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("héllo wörld");
    byte[] big = new byte[3 << 20];
    new java.util.Random(1).nextBytes(big);
    s.sendBinary(big);
    assertThat((byte[]) got.poll(10, TimeUnit.SECONDS)).isEqualTo(big);
    CloseEvent e = s.close(4000, "bye").get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(4000);
    assertThat(e.wasClean()).isTrue();
    assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(e);
    assertThat(s.readyState()).isEqualTo(ReadyState.CLOSED);
  }

  @Test
  void closeEventCarriesTheCodeAndReasonOfTheCloseFrameReceived() throws Exception {
    // RFC 6455 §7.1.5/§7.1.6: the connection's close code and reason are those of the first close
    // frame received. Our server echoes the code with an empty reason (§5.5.1).
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new Endpoint() {
      @Override
      public void onClose(Session s, CloseEvent e) {
        closed.complete(e);
      }
    }).get(5, TimeUnit.SECONDS);
    CloseEvent e = s.close(4001, "bye").get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(4001);
    assertThat(e.reason()).isEmpty();
    assertThat(e.wasClean()).isTrue();
    assertThat(e.remote()).isFalse();
    assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(e);
  }
}
