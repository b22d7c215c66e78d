package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ServerLimits} over loopback TCP: connection counts (503) and the handshake rate (429). */
class ConnectionLimitsTest {

  private final LinkedBlockingQueue<CloseEvent> serverCloses = new LinkedBlockingQueue<>();

  private WebSocketServer server(ServerLimits limits) {
    return WebSocketServer.builder().limits(limits).route("/*", new Endpoint() {
      @Override
      public void onClose(Session s, CloseEvent e) {
        serverCloses.add(e);
      }
    }).start();
  }

  @Test
  void overMaxConnectionsTheOpeningRequestIsAnswered503WithRetryAfterAndAClosedSlotIsReused() throws Exception {
    try (WebSocketServer server = server(ServerLimits.DEFAULT.withMaxConnections(2).withRetryAfter(Duration.ofSeconds(7)));
        RawClient a = RawClient.connect(server.port(), "/");
        RawClient b = RawClient.connect(server.port(), "/")) {
      assertThat(a.status()).isEqualTo(101);
      assertThat(b.status()).isEqualTo(101);
      try (RawClient c = RawClient.connect(server.port(), "/")) {
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.header("Retry-After")).isEqualTo("7");
        assertThat(c.readToEnd()).as("the body, then the server closes").contains("limit of 2 connections");
      }
      assertThat(server.connectionCount()).isEqualTo(2);
      a.sendClose(1000);
      assertThat(serverCloses.poll(5, TimeUnit.SECONDS)).isNotNull();
      try (RawClient d = RawClient.connect(server.port(), "/")) {
        assertThat(d.status()).as("a closed connection frees its slot").isEqualTo(101);
      }
    }
  }

  @Test
  void overMaxConnectionsPerIpOnlyThatAddressIsRefused() throws Exception {
    InetAddress other = InetAddress.getByName("127.0.0.2"); // loopback too, on Linux
    try (WebSocketServer server = server(ServerLimits.DEFAULT.withMaxConnectionsPerIp(1));
        RawClient first = RawClient.connect(server.port(), "/", null, null, 0);
        RawClient second = RawClient.connect(server.port(), "/", null, null, 0);
        RawClient fromOther = RawClient.connect(server.port(), "/", null, other, 0)) {
      assertThat(first.status()).isEqualTo(101);
      assertThat(second.status()).isEqualTo(503);
      assertThat(second.header("Retry-After")).isEqualTo("5");
      assertThat(second.readToEnd()).contains("127.0.0.1 already has 1 connections");
      assertThat(fromOther.status()).as("another address has its own count").isEqualTo(101);
    }
  }

  @Test
  void overTheHandshakeRateTheRequestIsAnswered429WithTheSecondsUntilTheNextToken() throws Exception {
    // One handshake per 100 s after a burst of 2.
    ServerLimits limits = ServerLimits.DEFAULT.withHandshakesPerSecondPerIp(0.01).withHandshakeBurstPerIp(2);
    try (WebSocketServer server = server(limits);
        RawClient a = RawClient.connect(server.port(), "/");
        RawClient b = RawClient.connect(server.port(), "/");
        RawClient c = RawClient.connect(server.port(), "/")) {
      assertThat(a.status()).isEqualTo(101);
      assertThat(b.status()).isEqualTo(101);
      assertThat(c.status()).isEqualTo(429);
      assertThat(Long.parseLong(c.header("Retry-After"))).isBetween(90L, 100L);
      assertThat(server.connectionCount()).as("a refused connection does not count").isEqualTo(2);
    }
  }

  @Test
  void aSessionWithNoFrameFromThePeerWithinIdleTimeoutIsClosedWith1001() throws Exception {
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    try (WebSocketServer server = WebSocketServer.builder()
            .limits(Limits.DEFAULT.withIdleTimeout(Duration.ofMillis(200)))
            .route("/*", new Endpoint() {})
            .start();
        WebSocketClient client = WebSocketClient.builder().build()) {
      client.connect("ws://127.0.0.1:" + server.port() + "/", new Endpoint() {
        @Override
        public void onClose(Session s, CloseEvent e) {
          closed.complete(e);
        }
      }).get(5, TimeUnit.SECONDS);
      CloseEvent e = closed.get(10, TimeUnit.SECONDS);
      assertThat(e.code()).isEqualTo(1001);
      assertThat(e.reason()).isEqualTo("idle timeout");
      assertThat(e.wasClean()).isTrue();
    }
  }
}
