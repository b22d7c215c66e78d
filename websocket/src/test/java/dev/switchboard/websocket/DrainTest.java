package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful drain: a chosen close code, a deadline then force-close, several listening sockets. */
class DrainTest {

  @Test
  void shutdownClosesSessionsWithTheChosenCodeThenForceClosesAPeerThatNeverAnswersAtTheDeadline()
      throws Exception {
    WebSocketServer server = WebSocketServer.builder().ioThreads(2)
        .limits(Limits.DEFAULT.withCloseTimeout(Duration.ofSeconds(60))) // the deadline acts first
        .route("/*", new Endpoint() {}).start();
    try (WebSocketClient client = WebSocketClient.builder().build();
        RawClient mute = RawClient.connect(server.port(), "/")) {
      CompletableFuture<CloseEvent> polite = new CompletableFuture<>();
      client.connect("ws://127.0.0.1:" + server.port() + "/", new Endpoint() {
        @Override
        public void onClose(Session s, CloseEvent e) {
          polite.complete(e);
        }
      }).get(5, TimeUnit.SECONDS);

      CompletableFuture<Void> done = server.shutdown(Duration.ofMillis(500), 4000, "maintenance");
      assertThat(server.shutdown(Duration.ofSeconds(1))).as("the same future").isSameAs(done);

      CloseEvent e = polite.get(5, TimeUnit.SECONDS);
      assertThat(e.code()).isEqualTo(4000);
      assertThat(e.reason()).isEqualTo("maintenance");
      assertThat(e.wasClean()).isTrue();
      RawClient.Frame close = mute.readFrame();
      assertThat(close.opcode()).isEqualTo(8);
      assertThat(close.closeCode()).isEqualTo(4000);
      assertThat(done).as("waits for the peer that has not answered").isNotDone();
      // It never answers: at the deadline the server drops it and stops.
      done.get(10, TimeUnit.SECONDS);
      assertThat(mute.atEndOfStream()).isTrue();
      assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void anInvalidCloseCodeIsRefusedBeforeAnythingStops() {
    try (WebSocketServer server = WebSocketServer.builder().route("/*", new Endpoint() {}).start()) {
      assertThatThrownBy(() -> server.shutdown(Duration.ofSeconds(1), 1005, ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(server.toString()).contains("listening");
    }
  }

  @Test
  void reusePortBindsOneListeningSocketPerIoThreadOnOnePortAndShutdownClosesThemAll() throws Exception {
    WebSocketServer server = WebSocketServer.builder().ioThreads(3).reusePort(true)
        .route("/*", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            s.sendText(text);
          }
        }).start();
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      List<InetSocketAddress> listeners = server.listeningAddresses();
      if (!server.transport().equals("nio")) { // SO_REUSEPORT: epoll and io_uring
        assertThat(listeners).hasSize(3);
        assertThat(listeners).extracting(InetSocketAddress::getPort).containsOnly(server.port());
      } else {
        assertThat(listeners).hasSize(1);
      }
      List<CompletableFuture<String>> echoes = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        CompletableFuture<String> echo = new CompletableFuture<>();
        Session s = client.connect("ws://127.0.0.1:" + server.port() + "/", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            echo.complete(text);
          }
        }).get(5, TimeUnit.SECONDS);
        s.sendText("hi " + i);
        echoes.add(echo);
      }
      for (int i = 0; i < echoes.size(); i++) {
        assertThat(echoes.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("hi " + i);
      }
      server.shutdown(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
    }
    assumeThat(server.transport()).isEqualTo("epoll");
  }
}
