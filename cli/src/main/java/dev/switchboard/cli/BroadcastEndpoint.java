package dev.switchboard.cli;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every message it receives to every session currently connected to it, the sender
 * included, with the message's type kept: each session joins the topic {@link #TOPIC} and each
 * message is published to it, so it is framed (and compressed) once for all members.
 * Thread-safe: the server's topics are.
 *
 * <p>A member too slow to keep up is handled by the server's slow-consumer policy ({@code
 * --max-buffered-bytes}): closed with 1013 (try again later) by default.
 */
final class BroadcastEndpoint implements Endpoint {

  private static final Logger log = LoggerFactory.getLogger(BroadcastEndpoint.class);

  static final String TOPIC = "broadcast";

  /**
   * The server, once started. A member can only send after the server accepted it, which is after
   * the bind and microseconds before {@code start()} returns; until then a message waits for it.
   */
  private final CompletableFuture<WebSocketServer> server;

  BroadcastEndpoint(CompletableFuture<WebSocketServer> server) {
    this.server = server;
  }

  @Override
  public void onOpen(Session session) {
    session.subscribe(TOPIC);
    log.debug("{}: joined", session);
  }

  @Override
  public void onText(Session session, String text) {
    server.join().publish(TOPIC, text);
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    server.join().publish(TOPIC, data); // copies the borrowed buffer before returning
  }

  @Override
  public void onError(Session session, Throwable error) {
    log.debug("{}: {}", session, error.toString());
  }

  @Override
  public void onClose(Session session, CloseEvent event) {
    log.debug("{}: left with {}, {} topic messages dropped", session, event, session.droppedMessages());
  }

  @Override
  public String toString() {
    return "BroadcastEndpoint[topic=" + TOPIC + "]";
  }
}
