package dev.switchboard.hub.internal;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A connection's {@code ackId}s: those in flight and the last {@code capacity} that succeeded
 * (spec §3.4: a repeated successful ackId is a Duplicate; a failed one may be retried). Not
 * thread-safe: guarded by the connection's lock.
 */
final class AckHistory {
  private final int capacity;
  private final LinkedHashSet<Long> succeeded = new LinkedHashSet<>();
  private final Set<Long> inFlight = new HashSet<>();

  AckHistory(int capacity) {
    this.capacity = capacity;
  }

  /** Starts {@code ackId}; false if it succeeded before or is still running (a duplicate). */
  boolean begin(long ackId) {
    if (succeeded.contains(ackId) || inFlight.contains(ackId)) {
      return false;
    }
    inFlight.add(ackId);
    return true;
  }

  void finish(long ackId, boolean success) {
    inFlight.remove(ackId);
    if (success) {
      succeeded.add(ackId);
      if (succeeded.size() > capacity) {
        Iterator<Long> oldest = succeeded.iterator();
        oldest.next();
        oldest.remove();
      }
    }
  }
}
