package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.interop.PeerEvent.Message;
import dev.switchboard.websocket.node.ClientOptions;
import dev.switchboard.websocket.node.NodeWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node:websocket-style client ({@link NodeWebSocket#connect}) against Node's {@code ws} as an
 * independent echo server. {@code ws} has no option to accept unmasked frames, so the unmasked
 * client is only shown to be refused here (1002); it is proven to work against our own server.
 */
@Timeout(60)
class NodeClientInteropTest {

  static NodePeer ws;

  @BeforeAll
  static void start() throws Exception {
    ws = NodePeer.start(NodePeer.Mode.WS_SERVER);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ws != null) {
      ws.close();
    }
  }

  @Test
  void callbackClientExchangesMessagesWithWsAndSeesItsClose() throws Exception {
    ws.forgetAccepted();
    CompletableFuture<Throwable> openError = new CompletableFuture<>();
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = NodeWebSocket.connect(ClientOptions.builder(ws.uri())
        .subprotocols("chat", "superchat")
        .header("Authorization", "Bearer t0ken")
        .onOpen((error, socket) -> openError.complete(error))
        .messageHandler((socket, message) -> got.add(message.type() + ":" + new String(message.bytes(), StandardCharsets.UTF_8)))
        .onClose((socket, event) -> closed.complete(event))
        .build()).get(10, TimeUnit.SECONDS);
    assertThat(openError.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(s.protocol()).isEqualTo("chat"); // ws picks the first offered
    Side server = ws.accepted();
    s.sendText("héllo");
    s.sendBinary("bin".getBytes(StandardCharsets.UTF_8));
    assertThat(server.events().next(Message.class).type().name()).isEqualTo("TEXT");
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("TEXT:héllo");
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("BINARY:bin");
    server.close(4000, "bye");
    CloseEvent e = closed.get(10, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(4000);
    assertThat(e.reason()).isEqualTo("bye");
    assertThat(e.wasClean()).isTrue();
  }

  @Test
  void unmaskedClientIsClosedWith1002ByWs() throws Exception {
    ws.forgetAccepted();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    Session s = NodeWebSocket.connect(ClientOptions.builder(ws.uri())
        .sendUnmaskedFrames(true)
        .onClose((socket, event) -> closed.complete(event))
        .build()).get(10, TimeUnit.SECONDS);
    s.sendText("unmasked");
    assertThat(closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1002);
  }
}
