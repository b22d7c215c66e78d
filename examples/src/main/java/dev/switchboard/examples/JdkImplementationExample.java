package dev.switchboard.examples;

import dev.switchboard.websocket.ClientImplementation;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * docs/client.md, "Choosing the implementation (Netty or the JDK)": the same {@link Connection}
 * carried by the JDK's {@code java.net.http.WebSocket}, and the JDK object reached with {@link
 * Session#unwrap}.
 */
public final class JdkImplementationExample {

  private JdkImplementationExample() {}

  /** Echoes {@code message} through the JDK-backed client; returns the reply and what the JDK says. */
  public static String run(String url, String message) {
    try (WebSocketClient client = WebSocketClient.builder()
        .implementation(ClientImplementation.JDK)           // java.net.http.WebSocket underneath
        .connectRetry(RetryPolicy.exponential(3))           // the handle's features all apply
        .heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(10))
        .build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      Connection connection = client.open(ConnectRequest.to(url).build(), c -> c
          .on(ConnectionEvent.TEXT, reply::complete));
      Session session = connection.join();
      WebSocket jdk = session.unwrap(WebSocket.class);      // the JDK's own object
      connection.sendText(message);
      String echoed = reply.join();
      connection.close(1000, "done").join();
      return echoed + " (JDK output closed: " + jdk.isOutputClosed() + ")";
    }
  }

  public static void main(String[] args) {
    System.out.println(run(args.length > 0 ? args[0] : "ws://127.0.0.1:9001/echo", "hello"));
  }
}
