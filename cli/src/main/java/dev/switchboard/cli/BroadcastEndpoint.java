package dev.switchboard.cli;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every message it receives to every session currently connected to it, the sender
 * included, with the message's type kept. Thread-safe: members join and leave on their own
 * event loops while others broadcast.
 *
 * <p>A member whose outgoing buffer exceeds {@link #MAX_BUFFERED_BYTES} is too slow to keep
 * up; it is closed with 1013 (try again later) rather than let its queue grow without bound.
 */
final class BroadcastEndpoint implements Endpoint {

  private static final Logger log = LoggerFactory.getLogger(BroadcastEndpoint.class);

  /** How far a member may fall behind before it is closed: 64 MiB of unsent frames. */
  static final long MAX_BUFFERED_BYTES = 64L << 20;

  private final Set<Session> members = ConcurrentHashMap.newKeySet();

  @Override
  public void onOpen(Session session) {
    members.add(session);
    log.debug("{}: joined, {} members", session, members.size());
  }

  @Override
  public void onText(Session session, String text) {
    for (Session member : members) {
      if (keepsUp(member)) {
        member.sendText(text);
      }
    }
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    for (Session member : members) {
      if (keepsUp(member)) {
        member.sendBinary(data); // copies the borrowed buffer before returning
      }
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    log.debug("{}: {}", session, error.toString());
  }

  @Override
  public void onClose(Session session, CloseEvent event) {
    members.remove(session);
    log.debug("{}: left with {}, {} members", session, event, members.size());
  }

  private static boolean keepsUp(Session member) {
    if (member.bufferedAmount() <= MAX_BUFFERED_BYTES) {
      return true;
    }
    if (member.readyState() == ReadyState.OPEN) {
      log.info("{}: more than {} bytes queued; closing it", member, MAX_BUFFERED_BYTES);
      member.close(CloseCode.TRY_AGAIN_LATER.code(), "too slow for /broadcast");
    }
    return false;
  }

  @Override
  public String toString() {
    return "BroadcastEndpoint[members=" + members.size() + "]";
  }
}
