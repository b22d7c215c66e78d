package dev.switchboard.websocket.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The topics one server session has joined, kept in step with its loop's subscriber table. Changed
 * on the session's event loop only; {@link #topics()} and {@link #dropped()} may be read from any
 * thread.
 */
final class TopicMembership {

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
}
