package dev.switchboard.websocket.internal;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's accepted channels, from accept until they close, for its queries and its shutdown.
 * {@link CompactEpollSocketChannel}s are linked through two fields of their own (8 bytes each,
 * where a concurrent set costs a ~32-byte node plus its table's slot: docs/benchmarks.md); other
 * channels are kept in a concurrent set. Thread-safe: the list is guarded by this object's lock,
 * taken once at accept and once at close (never per message).
 */
public final class ServerChannels {

  private final Set<Channel> others = ConcurrentHashMap.newKeySet();
  private CompactEpollSocketChannel first; // guarded by this
  private int linked; // guarded by this

  /** Adds {@code channel}; adding one that is already here changes nothing. */
  public void add(Channel channel) {
    if (channel instanceof CompactEpollSocketChannel) {
      CompactEpollSocketChannel c = (CompactEpollSocketChannel) channel;
      synchronized (this) {
        if (isLinked(c)) {
          return;
        }
        c.nextInServer = first;
        if (first != null) {
          first.previousInServer = c;
        }
        first = c;
        linked++;
      }
    } else {
      others.add(channel);
    }
  }

  /** Removes {@code channel}; removing one that is not here changes nothing. */
  public void remove(Channel channel) {
    if (channel instanceof CompactEpollSocketChannel) {
      CompactEpollSocketChannel c = (CompactEpollSocketChannel) channel;
      synchronized (this) {
        if (!isLinked(c)) {
          return;
        }
        CompactEpollSocketChannel before = c.previousInServer;
        CompactEpollSocketChannel after = c.nextInServer;
        if (before == null) {
          first = after;
        } else {
          before.nextInServer = after;
        }
        if (after != null) {
          after.previousInServer = before;
        }
        c.previousInServer = null;
        c.nextInServer = null;
        linked--;
      }
    } else {
      others.remove(channel);
    }
  }

  private boolean isLinked(CompactEpollSocketChannel c) {
    return c.previousInServer != null || first == c;
  }

  /** The channels here now, a snapshot. */
  public List<Channel> snapshot() {
    ArrayList<Channel> all = new ArrayList<>(others);
    synchronized (this) {
      all.ensureCapacity(all.size() + linked);
      for (CompactEpollSocketChannel c = first; c != null; c = c.nextInServer) {
        all.add(c);
      }
    }
    return all;
  }

  /** How many channels are here. */
  public int size() {
    synchronized (this) {
      return linked + others.size();
    }
  }
}
