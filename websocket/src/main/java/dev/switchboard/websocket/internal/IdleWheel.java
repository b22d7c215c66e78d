package dev.switchboard.websocket.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeouts of the sessions of one event loop that share one {@code idleTimeout}: a timer
 * wheel with one scheduled task, instead of a scheduled task (64 B) and its lambdas per session
 * (docs/benchmarks.md). Time is cut into ticks of {@link #tickNanos(long) 1/16 of the timeout, at
 * most 1 s}; a session's deadline is put in the slot of the first tick at or after it, so a
 * timeout fires between {@code idleTimeout} and {@code idleTimeout} plus one tick after the last
 * frame. A read only notes the time (nothing moves); an entry whose slot comes round after a
 * read is moved to its new deadline then. The wheel ticks only while it holds entries, and
 * leaves the table of wheels when it holds none. Confined to its event loop (the table of wheels
 * is shared by all loops).
 */
final class IdleWheel {

  private record Key(EventExecutor loop, long timeoutNanos) {}

  private static final ConcurrentHashMap<Key, IdleWheel> WHEELS = new ConcurrentHashMap<>();

  private final Key key;
  private final EventExecutor loop;
  final long timeoutNanos;
  private final long tickNanos;
  private final long origin;
  private final IdleTimer[] slots;
  private final int mask;
  private int entries;
  private long doneTick; // every tick up to this one has been processed
  private ScheduledFuture<?> task;

  private IdleWheel(Key key) {
    this.key = key;
    this.loop = key.loop();
    this.timeoutNanos = key.timeoutNanos();
    this.tickNanos = tickNanos(timeoutNanos);
    this.origin = loop.ticker().nanoTime();
    // Every deadline is at most timeout/tick + 1 ticks ahead: the slots never wrap onto a live one.
    int needed = (int) Math.min(1 << 20, timeoutNanos / tickNanos + 2);
    this.slots = new IdleTimer[Integer.highestOneBit(needed - 1) << 1];
    this.mask = slots.length - 1;
  }

  /** The tick of a wheel for {@code timeoutNanos}: 1/16 of it, at least 1 ms, at most 1 s. */
  static long tickNanos(long timeoutNanos) {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 16));
  }

  /** On {@code loop}: its wheel for {@code timeoutNanos}, made if it has none. */
  static IdleWheel of(EventExecutor loop, long timeoutNanos) {
    return WHEELS.computeIfAbsent(new Key(loop, timeoutNanos), IdleWheel::new);
  }

  long now() {
    return loop.ticker().nanoTime();
  }

  /** Puts {@code t} (not in any slot) in the slot of the first tick at or after {@code deadlineNanos}. */
  void insert(IdleTimer t, long deadlineNanos) {
    long tick = Math.max(doneTick + 1, ceilDiv(deadlineNanos - origin, tickNanos));
    int s = (int) (tick & mask);
    IdleTimer head = slots[s];
    t.next = head;
    t.previous = null;
    if (head != null) {
      head.previous = t;
    }
    slots[s] = t;
    t.slot = s;
    entries++;
    if (task == null) {
      if (entries == 1 && doneTick == 0) {
        doneTick = Math.max(0, (now() - origin) / tickNanos);
      }
      schedule();
    }
  }

  /** Takes {@code t} out of its slot, if it is in one. */
  void remove(IdleTimer t) {
    int s = t.slot;
    if (s < 0) {
      return;
    }
    if (t.previous != null) {
      t.previous.next = t.next;
    } else {
      slots[s] = t.next;
    }
    if (t.next != null) {
      t.next.previous = t.previous;
    }
    t.next = null;
    t.previous = null;
    t.slot = -1;
    if (--entries == 0) {
      retire();
    }
  }

  private void schedule() {
    long at = origin + (doneTick + 1) * tickNanos;
    task = loop.schedule(this::tick, Math.max(0, at - now()), TimeUnit.NANOSECONDS);
  }

  /** No entries: stop ticking and leave the table (a later session makes a new wheel). */
  private void retire() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    WHEELS.remove(key, this);
  }

  private void tick() {
    task = null;
    long nowTick = (now() - origin) / tickNanos;
    long first = doneTick + 1;
    long last = Math.min(nowTick, first + mask); // after a long stall, each slot once
    for (long k = first; k <= last; k++) {
      doneTick = Math.max(doneTick, k);
      int s = (int) (k & mask);
      IdleTimer t;
      // Pop from the head: firing may stop other timers of this slot (a callback closing sessions).
      // Entries moved on go to later ticks, never back into this slot.
      while ((t = slots[s]) != null) {
        remove(t);
        long quiet = now() - t.lastReadNanos;
        if (quiet >= timeoutNanos) {
          t.expired();
        } else {
          insert(t, t.lastReadNanos + timeoutNanos);
        }
      }
    }
    doneTick = Math.max(doneTick, nowTick);
    if (entries > 0 && task == null) {
      schedule();
    } else if (entries == 0) {
      retire();
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
