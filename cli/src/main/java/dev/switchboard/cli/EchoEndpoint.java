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
 * <p>A peer that sends faster than it reads would make the echoes pile up in memory. Instead,
 * once more than {@link #PAUSE_ABOVE_BYTES} wait to be written, reading pauses until the socket
 * drains, and TCP slows the peer down. The threshold is one largest message rather than the
 * socket's 64 KiB, so that a blocking client that writes a big message before it reads the
 * echo of the previous one does not deadlock with us.
 */
final class EchoEndpoint implements Endpoint {

  private static final Logger log = LoggerFactory.getLogger(EchoEndpoint.class);

  /** Unsent echo bytes above which reading pauses: 16 MiB. */
  static final long PAUSE_ABOVE_BYTES = 16L << 20;

  @Override
  public void onOpen(Session session) {
    log.debug("{}: open", session);
  }

  @Override
  public void onTextUtf8(Session session, ByteBuffer utf8) {
    // The validated bytes go back as they came: no String, no future (copied before returning).
    if (!session.offerText(utf8)) {
      refused(session);
    }
    throttle(session);
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    if (!session.offerBinary(data)) { // copies the borrowed buffer before returning
      refused(session);
    }
    throttle(session);
  }

  private static void refused(Session session) {
    log.debug("{}: echo refused (not open, or the send buffer is full)", session);
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
    // Not writable: a writability change, and so onWritable, is sure to follow.
    if (session.bufferedAmount() > PAUSE_ABOVE_BYTES && !session.isWritable()) {
      session.pauseReading();
    }
  }
}
