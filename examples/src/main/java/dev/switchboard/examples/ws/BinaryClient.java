package dev.switchboard.examples.ws;

import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.WebSocketClient;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** ws "Sending binary data": five floats (a {@code Float32Array}, little-endian) as one binary message. */
public final class BinaryClient {

  private BinaryClient() {}

  /** Sends {0, 0.5, 1, 1.5, 2} to an echo server and returns the floats it sends back. */
  public static float[] run(String url, PrintStream out) {
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      CompletableFuture<float[]> reply = new CompletableFuture<>();
      Connection ws = client.open(ConnectRequest.to(url).build(), c -> c
          .on(ConnectionEvent.BINARY, data -> {              // borrowed: read it during the call
            float[] floats = new float[data.remaining() / Float.BYTES];
            data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
            reply.complete(floats);
          }));
      ByteBuffer array = ByteBuffer.allocate(5 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 5; i++) {
        array.putFloat(i / 2f);
      }
      ws.sendBinary(array.flip());
      float[] echoed = reply.join();
      out.println(Arrays.toString(echoed));
      ws.close().join();
      return echoed;
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/", System.out);
  }
}
