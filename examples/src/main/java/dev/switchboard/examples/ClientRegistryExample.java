package dev.switchboard.examples;

import dev.switchboard.websocket.ClientInfo;
import dev.switchboard.websocket.ClientRegistry;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * docs/client.md, "Client registry": clients opened with a named {@link WebSocketHandler}, as in
 * Eclipse Dirigible's {@code createWebsocket(uri, handler)}, then listed and found again.
 */
public final class ClientRegistryExample {

  private ClientRegistryExample() {}

  /** A handler that completes {@code reply} with the first message. */
  static WebSocketHandler replyHandler(CompletableFuture<String> reply) {
    return new WebSocketHandler() {
      @Override
      public void onOpen(HandlerEvent event) {
        event.session().sendText("hello from " + event.session().url().getPath());
      }

      @Override
      public void onMessage(HandlerEvent event) {
        reply.complete(event.message());
      }

      @Override
      public void onError(HandlerEvent event) {
        reply.completeExceptionally(event.error());
      }
    };
  }

  /** Opens a client on {@code url} with a named handler; returns what the registry listed, and the reply. */
  public static String run(String url) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      ClientRegistry registry = ClientRegistry.create(client);
      registry.register("chat-handler", replyHandler(reply));
      Connection connection = registry.open(url, "chat-handler");
      String echoed = reply.join();

      List<ClientInfo> clients = registry.list();                 // id, url, handler, status, times
      ClientInfo info = registry.find(connection.id()).orElseThrow();
      int ofHandler = registry.findByHandler("chat-handler").size();
      connection.close().join();                                  // closed: forgotten
      return echoed + " | " + clients.size() + " client(s), handler " + info.handler() + ", " + info.status()
          + ", " + ofHandler + " for chat-handler, " + registry.list().size() + " after close";
    }
  }

  public static void main(String[] args) {
    System.out.println(run(args.length > 0 ? args[0] : "ws://127.0.0.1:9001/echo"));
  }
}
