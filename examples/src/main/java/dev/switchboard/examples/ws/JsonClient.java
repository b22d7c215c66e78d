package dev.switchboard.examples.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** JSON messages: {@code JSON.stringify} and {@code JSON.parse} become Jackson's writer and reader. */
public final class JsonClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonClient() {}

  /** Sends a JSON object to an echo server and returns the object parsed from its reply. */
  public static JsonNode run(String url, PrintStream out) throws Exception {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      CompletableFuture<JsonNode> reply = new CompletableFuture<>();
      Connection ws = client.open(ConnectRequest.to(url).build(), c -> c
          .on(ConnectionEvent.TEXT, text -> {
            try {
              reply.complete(JSON.readTree(text));                  // JSON.parse
            } catch (JsonProcessingException e) {                   // not JSON: the error says where
              reply.completeExceptionally(e);
            }
          }));
      ws.sendText(JSON.writeValueAsString(Map.of("type", "greeting", "text", "hello", "n", 42)));  // JSON.stringify
      JsonNode message = reply.join();
      out.println(message.get("type").asText() + ": " + message.get("text").asText() + " " + message.get("n").asInt());
      ws.close().join();
      return message;
    }
  }

  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", System.out);
  }
}
