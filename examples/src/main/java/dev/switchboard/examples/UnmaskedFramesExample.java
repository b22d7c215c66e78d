package dev.switchboard.examples;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * docs/client.md and docs/server.md "Unmasked frames (trusted peers only)": both halves of the
 * opt-in that breaks RFC 6455 §5.1, between two ends on one host.
 */
public final class UnmaskedFramesExample {

  private UnmaskedFramesExample() {}

  /** Sends {@code text} unmasked to a server on loopback that accepts it and returns the echo. */
  public static String echo(String text) throws Exception {
    WebSocketServer server = WebSocketServer.builder()
        .host("127.0.0.1")                                     // trusted peers: this host only
        .acceptUnmaskedFrames(true)                            // server half: unmasked AND masked frames
        .route("/local", new Endpoint() {
          @Override public void onText(Session s, String t) { s.sendText(t); }
        })
        .start();
    try (WebSocketClient client = WebSocketClient.builder()
        .sendUnmaskedFrames(true)                              // client half: no mask, no masking work
        .build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      Session s = client.connect("ws://127.0.0.1:" + server.port() + "/local", new Endpoint() {
        @Override public void onText(Session session, String t) { reply.complete(t); }
      }).get(5, TimeUnit.SECONDS);
      s.sendText(text);
      String echoed = reply.get(5, TimeUnit.SECONDS);
      s.close().get(5, TimeUnit.SECONDS);
      return echoed;
    } finally {
      server.close();
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(echo("hello, unmasked"));
  }
}
