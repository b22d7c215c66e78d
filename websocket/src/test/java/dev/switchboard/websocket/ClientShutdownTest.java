package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping a {@link WebSocketClient} closes the sockets of its connections, those still in their
 * opening handshake included, on every transport (on io_uring with a buffer ring a socket left
 * open when its event loop stops was never closed: docs/server.md, "Transport").
 */
class ClientShutdownTest {

  /** Accepts one connection and reads its request head, so the client is surely in its handshake. */
  private static Socket acceptHandshake(ServerSocket silent) throws Exception {
    Socket accepted = silent.accept();
    accepted.setSoTimeout(5000);
    InputStream in = accepted.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("request head before EOF: " + head).isNotNegative();
      head.append((char) b);
    }
    return accepted;
  }

  private static ServerSocket silentServer() throws Exception {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @Test
  void closingTheClientClosesTheSocketOfAConnectInItsHandshakeAndFailsIt() throws Exception {
    try (ServerSocket silent = silentServer()) {
      WebSocketClient client = WebSocketClient.builder().build();
      CompletableFuture<Session> connect = client.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/", new Endpoint() {});
      try (Socket accepted = acceptHandshake(silent)) {
        client.close();
        assertThat(accepted.getInputStream().read()).as("the peer sees EOF").isEqualTo(-1);
        assertThatThrownBy(() -> connect.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSocketConnectException.class);
      }
    }
  }

  @Test
  void shutdownThenCancellingTheConnectClosesItsSocket() throws Exception {
    // The order of NodeWebSocket.connect's cleanup: the client's shutdown is asked for first, then
    // the cancelled connect closes its channel.
    try (ServerSocket silent = silentServer()) {
      WebSocketClient client = WebSocketClient.builder().build();
      CompletableFuture<Session> connect = client.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/", new Endpoint() {});
      try (Socket accepted = acceptHandshake(silent)) {
        CompletableFuture<Void> stopped = client.shutdown();
        connect.cancel(true);
        assertThat(accepted.getInputStream().read()).as("the peer sees EOF").isEqualTo(-1);
        stopped.get(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void closingTheClientDropsItsOpenSessionsTheServerSeesAbnormalClosure() throws Exception {
    CompletableFuture<CloseEvent> serverSide = new CompletableFuture<>();
    try (WebSocketServer server = WebSocketServer.builder().ioThreads(1).route("/", new Endpoint() {
      @Override
      public void onClose(Session s, CloseEvent e) {
        serverSide.complete(e);
      }
    }).start()) {
      WebSocketClient client = WebSocketClient.builder().build();
      Session session = client.connect("ws://127.0.0.1:" + server.port() + "/", new Endpoint() {}).get(5, TimeUnit.SECONDS);
      client.close();
      CloseEvent e = serverSide.get(5, TimeUnit.SECONDS);
      assertThat(e.code()).isEqualTo(1006);
      assertThat(e.wasClean()).isFalse();
      assertThat(session.readyState()).isEqualTo(ReadyState.CLOSED);
    }
  }
}
