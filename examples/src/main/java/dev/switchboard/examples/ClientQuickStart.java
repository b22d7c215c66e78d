package dev.switchboard.examples;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;

/** The README's client quick start: connect, send, print the echo, close. */
public final class ClientQuickStart {

  private ClientQuickStart() {}

  /** Runs the quick start against {@code url}, printing to {@code out}. */
  public static void run(String url, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      Session session = client.connect(
          ConnectRequest.to(url).header("Authorization", "Bearer x").build(),
          new Endpoint() {
            @Override public void onText(Session s, String text) { out.println("< " + text); }
            @Override public void onClose(Session s, CloseEvent e) { out.println(e); }
          }).join();                             // WebSocketConnectException says what failed
      session.sendText("hello").join();          // completes when written to the socket
      session.close(1000, "done").join();        // completes with the CloseEvent
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/echo", System.out);
  }
}
