package dev.switchboard.cli;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every message back unchanged: text as text, binary as binary. Stateless and thread-safe.
 *
 * <p>A peer that sends faster than it reads (the fuzzingclient's 9.* cases do) would make the
 * echoes pile up in memory; instead, reading pauses while the socket's buffer is full and resumes
 * when it drains, so the peer is slowed down by TCP.
 */
final class EchoEndpoint implements Endpoint {

  private static final Logger log = LoggerFactory.getLogger(EchoEndpoint.class);

  @Override
  public void onOpen(Session session) {
    log.debug("{}: open", session);
  }

  @Override
  public void onText(Session session, String text) {
    session.sendText(text);
    throttle(session);
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    session.sendBinary(data); // copies the borrowed buffer before returning
    throttle(session);
  }

  @Override
  public void onWritable(Session session) {
    session.resumeReading();
  }

  @Override
  public void onError(Session session, Throwable error) {
    log.debug("{}: {}", session, error.toString());
  }

  @Override
  public void onClose(Session session, CloseEvent event) {
    log.debug("{}: closed {}", session, event);
  }

  private static void throttle(Session session) {
    if (!session.isWritable()) {
      session.pauseReading();
    }
  }
}
