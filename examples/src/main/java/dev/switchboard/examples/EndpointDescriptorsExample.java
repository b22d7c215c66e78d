package dev.switchboard.examples;

import dev.switchboard.endpoints.EndpointDirectory;
import dev.switchboard.websocket.HttpResponse;
import dev.switchboard.websocket.WebSocketServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** docs/server.md "Endpoint descriptors": a directory of *.websocket files, served and listed. */
public final class EndpointDescriptorsExample {

  private EndpointDescriptorsExample() {}

  /** Writes a descriptor into {@code dir}, then serves the directory on {@code port} (0: any). */
  public static WebSocketServer start(Path dir, int port) throws IOException {
    Files.writeString(dir.resolve("chat.websocket"), """
        {
          "endpoint": "chat",
          "handler": "dev.switchboard.examples.ChatHandler",
          "description": "Everyone gets every message"
        }
        """);
    EndpointDirectory endpoints = EndpointDirectory.builder(dir)
        .handler("echo", new dev.switchboard.websocket.WebSocketHandler() {   // by name, in code
          @Override public void onMessage(dev.switchboard.websocket.HandlerEvent e) {
            e.session().sendText(e.message());
          }
        })
        .build();
    endpoints.scan();                                  // or endpoints.watch(executor, interval)
    return WebSocketServer.builder()
        .port(port)
        .route(endpoints.route())                      // ws://HOST:PORT/websockets/v4/service/chat
        .http(endpoints.adminService(request ->        // GET /websockets/v4/endpoints, else ours
            CompletableFuture.completedFuture(HttpResponse.text(200, "ok\n"))))
        .start();
  }

  public static void main(String[] args) throws IOException {
    WebSocketServer server = start(Path.of(args.length > 0 ? args[0] : "."), 9001);
    System.out.println("serving; try: curl http://127.0.0.1:" + server.port() + "/websockets/v4/endpoints");
  }
}
