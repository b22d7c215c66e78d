package dev.switchboard.examples.ws;

import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.ByteBuffer;

/** The echo server the client examples talk to: every path sends each message back. */
public final class EchoServer {

  private EchoServer() {}

  /** Starts on {@code port} (0: any free port) on loopback. */
  public static WebSocketServer start(int port) {
    return WebSocketServer.builder()
        .host("127.0.0.1")
        .port(port)
        .route("/*", new Endpoint() {
          // Text as its validated UTF-8 bytes: sent back without a String round trip.
          @Override public void onTextUtf8(Session session, ByteBuffer utf8) {
            session.offerText(utf8);  // no future; false if not open or the send buffer is full
          }

          @Override public void onBinary(Session session, ByteBuffer data) {
            session.offerBinary(data);  // copied by the send: the buffer is only borrowed
          }
        })
        .start();
  }

  public static void main(String[] args) {
    start(8080);
  }
}
