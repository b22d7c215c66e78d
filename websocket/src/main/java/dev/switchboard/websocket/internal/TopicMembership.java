package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.websocket.SlowConsumerPolicy;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
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
  /** Topic messages whose verdict waits for the loop's next I/O poll, in order; made on first use. */
  private ArrayDeque<TopicMessage> held;
  private long heldBytes;

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

  /** The session has ended: it leaves every topic, and messages held for a verdict are not delivered. */
  void leaveAll() {
    if (held != null) {
      judgeHeld(); // not open any more: each held message counts as not reached
    }
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
   * {@code out} (copied or a retained duplicate, see {@link Outbound#writeShared}), unless the
   * frame would take the session over {@link dev.switchboard.websocket.Limits#maxBufferedBytes()}.
   * Returns whether it was queued now.
   *
   * <p>Over the limit, the verdict waits for the loop's next I/O poll, and is given then: queued,
   * or the slow-consumer policy (dropped and counted, or the session closed with 1013). Bytes
   * handed to the channel earlier in this loop turn may not have been offered to the kernel yet:
   * on io_uring, Netty submits a flushed write only at the next poll and keeps its bytes in the
   * channel's outbound buffer until the kernel's answer is processed, so a second message in the
   * same turn would count the first one's bytes as unwritten although the socket takes them (and
   * on every transport a session waiting for its turn in the loop's flush queue has not been
   * flushed yet). The message is held meanwhile (the published frame stays alive through {@link
   * TopicMessage#holdVerdict}, the publish's count waits for the verdict), messages behind it
   * wait with it in order, and held ones are not counted in {@code bufferedAmount()}: at most
   * {@code maxBufferedBytes} of them; a message that would not fit even if every byte handed to
   * the channel were written gets its verdict at once.
   */
  boolean write(TopicMessage m, Outbound out) {
    long size = m.frameFor(sharedWindowBits).readableBytes();
    long max = session.limits().maxBufferedBytes();
    if (held != null && !held.isEmpty()) {
      if (heldBytes + size > max) {
        overLimit(heldBytes);
        return false;
      }
      hold(m, size);
      return false;
    }
    long before = out.bufferedForTopics();
    if (before + size <= max) {
      return queue(m, out, size);
    }
    if (size > max) {
      overLimit(before);
      return false;
    }
    hold(m, size);
    return false;
  }

  private boolean queue(TopicMessage m, Outbound out, long size) {
    if (out.writeShared(m.frameFor(sharedWindowBits), size)) {
      table.needsFlush(session);
    }
    return true;
  }

  /** The slow-consumer policy for a message over the limit with {@code buffered} bytes before it. */
  private void overLimit(long buffered) {
    if (table.policy() == SlowConsumerPolicy.DROP) {
      countDropped();
    } else {
      long max = session.limits().maxBufferedBytes();
      log.debug("{}: {} bytes buffered, a topic message would pass maxBufferedBytes; closing with 1013", session,
          buffered);
      session.close(CloseCode.TRY_AGAIN_LATER.code(), "too slow: more than " + max + " bytes buffered");
    }
  }

  private void hold(TopicMessage m, long size) {
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    boolean first = held.isEmpty();
    m.holdVerdict();
    held.add(m);
    heldBytes += size;
    if (first) {
      session.flushNow(); // what it has goes to the socket before the poll that the verdict waits for
      if (!table.afterIo(this::judgeHeld)) {
        judgeHeld(); // the loop is stopping: its sessions are closing
      }
    }
  }

  /**
   * After the loop's I/O poll: the final verdict on every held message, in order (what the
   * socket took is no longer counted). A session closed meanwhile neither got nor dropped them.
   */
  private void judgeHeld() {
    TopicMessage m;
    while ((m = held.poll()) != null) {
      long size = m.frameFor(sharedWindowBits).readableBytes();
      heldBytes -= size;
      boolean queued = false;
      if (session.isOpen()) {
        Outbound out = session.outbound();
        long before = out.bufferedForTopics();
        if (before + size <= session.limits().maxBufferedBytes()) {
          queued = queue(m, out, size);
        } else {
          overLimit(before);
        }
      }
      m.loopDone(queued ? 1 : 0);
    }
  }
}
