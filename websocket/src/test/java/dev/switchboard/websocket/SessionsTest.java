package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketServer#sessions()}: found in the channels the server holds (no set of its own),
 * listing open sessions and forgetting closed ones, over loopback TCP.
 */
class SessionsTest {

  @Test
  void sessionsListsOpenSessionsAndForgetsClosedOnes() throws Exception {
    CompletableFuture<Session> closedOnServer = new CompletableFuture<>();
    CountDownLatch opened = new CountDownLatch(2);
    Endpoint server = new Endpoint() {
      @Override
      public void onOpen(Session s) {
        opened.countDown();
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        closedOnServer.complete(s);
      }
    };
    try (WebSocketServer ws = WebSocketServer.builder().route("/*", server).start();
        WebSocketClient client = WebSocketClient.builder().build()) {
      assertThat(ws.sessions()).isEmpty();
      String url = "ws://127.0.0.1:" + ws.port() + "/room";
      Session a = client.connect(url, new Endpoint() {}).get(5, TimeUnit.SECONDS);
      Session b = client.connect(url, new Endpoint() {}).get(5, TimeUnit.SECONDS);
      // The client may read the 101 before the server's session is in place: wait for its onOpen.
      assertThat(opened.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ws.sessions()).hasSize(2).allSatisfy(s -> assertThat(s.url().getPath()).isEqualTo("/room"));
      assertThat(ws.toString()).contains("sessions=2");

      a.close(1000, "bye").get(5, TimeUnit.SECONDS);
      Session gone = closedOnServer.get(5, TimeUnit.SECONDS);
      assertThat(ws.sessions()).hasSize(1).doesNotContain(gone);
      assertThat(b.readyState()).isEqualTo(ReadyState.OPEN);
    }
  }

  @Test
  void onEpollAServerSessionHasNoHandlerInItsPipelineAndStillEchoesAndCloses() throws Exception {
    assumeTrue(Epoll.isAvailable(), "epoll only");
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    CompletableFuture<CloseEvent> serverClosed = new CompletableFuture<>();
    Endpoint echo = new Endpoint() {
      @Override
      public void onOpen(Session s) {
        serverSide.complete(s);
      }

      @Override
      public void onText(Session s, String text) {
        s.sendText(text);
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        serverClosed.complete(e);
      }
    };
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (WebSocketServer ws = WebSocketServer.builder().ioThreads(1).route("/echo", echo).start();
        WebSocketClient client = WebSocketClient.builder().build()) {
      Session c = client.connect("ws://127.0.0.1:" + ws.port() + "/echo", new Endpoint() {
        @Override
        public void onText(Session s, String text) {
          received.add(text);
        }
      }).get(5, TimeUnit.SECONDS);
      assumeTrue("epoll".equals(ws.transport()), "the server runs on epoll");
      Session s = serverSide.get(5, TimeUnit.SECONDS);
      io.netty.channel.Channel ch = s.unwrap(io.netty.channel.Channel.class);
      CompletableFuture<java.util.Map<String, io.netty.channel.ChannelHandler>> handlers = new CompletableFuture<>();
      ch.eventLoop().execute(() -> handlers.complete(ch.pipeline().toMap()));
      assertThat(handlers.get(5, TimeUnit.SECONDS)).as("events come from the pipeline's tail").isEmpty();
      assertThat(ws.sessions()).containsExactly(s);
      c.sendText("one");
      c.sendText("two");
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("one");
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("two");
      c.close(4001, "done").get(5, TimeUnit.SECONDS);
      CloseEvent e = serverClosed.get(5, TimeUnit.SECONDS);
      assertThat(e.code()).isEqualTo(4001);
      assertThat(e.reason()).isEqualTo("done");
      assertThat(ws.sessions()).isEmpty();
    }
  }
}
