package dev.switchboard.hub.internal;

import dev.switchboard.hub.Message;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A reliable connection's sent-but-unacknowledged messages, in sequence order, bounded by a
 * message count and a payload byte count. Not thread-safe: guarded by the connection's lock.
 */
final class ReplayBuffer {
  record Entry(long sequenceId, Message message) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final int maxMessages;
  private final long maxBytes;
  private long bytes;

  ReplayBuffer(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  /** Appends; false if the buffer would then exceed a limit (nothing is appended then). */
  boolean add(long sequenceId, Message message) {
    if (entries.size() + 1 > maxMessages || bytes + message.payloadLength() > maxBytes) {
      return false;
    }
    entries.addLast(new Entry(sequenceId, message));
    bytes += message.payloadLength();
    return true;
  }

  /** Drops every entry with a sequence id up to {@code sequenceId} (a cumulative ack). */
  void ackUpTo(long sequenceId) {
    while (!entries.isEmpty() && entries.peekFirst().sequenceId() <= sequenceId) {
      bytes -= entries.removeFirst().message().payloadLength();
    }
  }

  /** Drops entries that expired at {@code nowNanos}. */
  void dropExpired(long nowNanos) {
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.message().isExpired(nowNanos)) {
        bytes -= e.message().payloadLength();
        it.remove();
      }
    }
  }

  Iterable<Entry> entries() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes;
  }
}
