package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.websocket.SlowConsumerPolicy;
import io.netty.buffer.ByteBuf;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics one server session has joined, kept in step with its loop's subscriber table. Changed
 * on the session's event loop only; {@link #topics()} and {@link #dropped()} may be read from any
 * thread.
 */
final class TopicMembership {

  private static final Logger log = LoggerFactory.getLogger(TopicMembership.class);

  private final Topics.Loop table;
  private final NettyConnection session;
  /** Window bits under which the session shares compressed topic frames, or -1. */
  final int sharedWindowBits;
  private volatile Set<String> topics = Set.of();
  private volatile long dropped;

  TopicMembership(Topics.Loop table, NettyConnection session, int sharedWindowBits) {
    this.table = table;
    this.session = session;
    this.sharedWindowBits = sharedWindowBits;
  }

  Set<String> topics() {
    return topics;
  }

  long dropped() {
    return dropped;
  }

  Topics.Loop table() {
    return table;
  }

  void countDropped() {
    dropped++; // written on the loop only; volatile for readers elsewhere
  }

  void join(String topic) {
    Set<String> now = topics;
    if (now.contains(topic)) {
      return;
    }
    if (now.isEmpty()) {
      table.sharedCompressor(sharedWindowBits, 1);
    }
    Set<String> next = new HashSet<>(now);
    next.add(topic);
    topics = Set.copyOf(next);
    table.add(topic, session);
  }

  void leave(String topic) {
    Set<String> now = topics;
    if (!now.contains(topic)) {
      return;
    }
    Set<String> next = new HashSet<>(now);
    next.remove(topic);
    topics = Set.copyOf(next);
    table.remove(topic, session);
    if (next.isEmpty()) {
      table.sharedCompressor(sharedWindowBits, -1);
    }
  }

  void leaveAll() {
    Set<String> left = topics;
    if (!left.isEmpty()) {
      topics = Set.of();
      for (String t : left) {
        table.remove(t, session);
      }
      table.sharedCompressor(sharedWindowBits, -1);
    }
  }

  /**
   * On the loop, during a fan-out, for an open session: queues the message's shared frame on
   * {@code out} (copied or a retained duplicate, see {@link Outbound#writeShared}), unless the frame would take the session over {@link
   * dev.switchboard.websocket.Limits#maxBufferedBytes()} (then the slow-consumer policy applies:
   * dropped and counted, or the session closed with 1013). Returns whether it was queued.
   */
  boolean write(TopicMessage m, Outbound out) {
    ByteBuf frame = m.frameFor(sharedWindowBits);
    long size = frame.readableBytes();
    long before = out.bufferedForTopics();
    long max = session.limits().maxBufferedBytes();
    if (before + size > max) {
      if (table.policy() == SlowConsumerPolicy.DROP) {
        countDropped();
      } else {
        log.debug("{}: {} bytes buffered, a topic message would pass maxBufferedBytes; closing with 1013", session,
            before);
        session.close(CloseCode.TRY_AGAIN_LATER.code(), "too slow: more than " + max + " bytes buffered");
      }
      return false;
    }
    if (out.writeShared(frame, size)) {
      table.needsFlush(session);
    }
    return true;
  }
}
