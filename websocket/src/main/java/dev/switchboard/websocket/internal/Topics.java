package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.MessageDeflater;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.SlowConsumerPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A server's topics, uWebSockets style: subscribers are kept per event loop, so each loop fans a
 * message out to its own sessions without locks. A published message is framed once on the
 * publisher's thread (and compressed once per compressor window in use by subscribers whose
 * compressor keeps no context); each loop writes retained duplicates of those bytes to its
 * subscribers and flushes each touched session once, in chunks that let the loop read between them.
 *
 * <p>Thread-safe: {@link #publish} may be called from any thread. The subscriber tables are
 * confined to their loops; the only shared state is immutable or atomic.
 *
 * <p>Order: messages published from one thread reach every subscriber in that order (each
 * loop's task queue is FIFO). Messages published concurrently from different threads have no
 * order across loops: two subscribers on different loops may see them interleaved differently.
 */
public final class Topics {

  /** Compressors of publisher threads, by level and window bits; they keep no context. */
  private static final FastThreadLocal<MessageDeflater[][]> DEFLATERS = new FastThreadLocal<>() {
    @Override
    protected MessageDeflater[][] initialValue() {
      return new MessageDeflater[10][16];
    }
  };

  /**
   * Sessions flushed in one go before the loop polls its I/O again, during a fan-out's flush
   * (see {@link Loop}): small enough that a message published meanwhile joins the writes of the
   * sessions not yet flushed, large enough that the extra polls cost nothing next to the writes.
   */
  static final int FLUSH_CHUNK = 64;

  private final Map<EventExecutor, Loop> loops = new IdentityHashMap<>();
  private final Loop[] all;
  private final DeflateConfig deflate;
  private final SlowConsumerPolicy policy;
  private final ByteBufAllocator alloc;
  /** Sessions with at least one subscription whose compressor keeps no context, by window bits. */
  private final AtomicIntegerArray sharedCompressors = new AtomicIntegerArray(16);
  private final AtomicLong framesEncoded = new AtomicLong();
  private final AtomicLong framesCompressed = new AtomicLong();

  public Topics(Iterable<EventExecutor> group, DeflateConfig deflate, SlowConsumerPolicy policy,
      ByteBufAllocator alloc) {
    this(group, deflate, policy, alloc, null);
  }

  /** With {@code afterIo} (not null) running every loop's next flush chunk instead of the loop: for tests. */
  Topics(Iterable<EventExecutor> group, DeflateConfig deflate, SlowConsumerPolicy policy, ByteBufAllocator alloc,
      Consumer<Runnable> afterIo) {
    this.deflate = deflate;
    this.policy = policy;
    this.alloc = alloc;
    List<Loop> list = new ArrayList<>();
    for (EventExecutor e : group) {
      Loop l = afterIo == null ? new Loop(this, e) : new Loop(this, e, afterIo);
      loops.put(e, l);
      list.add(l);
    }
    this.all = list.toArray(new Loop[0]);
  }

  SlowConsumerPolicy policy() {
    return policy;
  }

  /** The subscriber table of {@code loop}, or null if it is not one of this server's loops. */
  Loop forLoop(EventExecutor loop) {
    return loops.get(loop);
  }

  /** Frames encoded by {@link #publish} since the start: one per published message. */
  public long framesEncoded() {
    return framesEncoded.get();
  }

  /** Messages compressed by {@link #publish}: at most one per message and compressor window in use. */
  public long framesCompressed() {
    return framesCompressed.get();
  }

  /** Publishes a text message; see {@link dev.switchboard.websocket.WebSocketServer#publish}. */
  public CompletableFuture<Integer> publish(String topic, CharSequence text) {
    requireTopic(topic);
    int len = ByteBufUtil.utf8Bytes(text);
    ByteBuf frame = alloc.buffer(FrameEncoder.headerLength(len, false) + len);
    int start = FrameEncoder.headerLength(len, false);
    frame.writerIndex(start);
    ByteBufUtil.writeUtf8(frame, text);
    return publish(topic, Opcode.TEXT, frame, start, len);
  }

  /** Publishes a binary message (the remaining bytes of {@code data}, not consumed). */
  public CompletableFuture<Integer> publish(String topic, ByteBuffer data) {
    requireTopic(topic);
    int len = data.remaining();
    int start = FrameEncoder.headerLength(len, false);
    ByteBuf frame = alloc.buffer(start + len);
    frame.writerIndex(start);
    frame.writeBytes(data.duplicate());
    return publish(topic, Opcode.BINARY, frame, start, len);
  }

  static void requireTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("a topic is a non-empty string, was " + (topic == null ? "null" : "\"\""));
    }
  }

  /** {@code frame} holds the payload at [start, start + len), with exactly the header's room before it. */
  private CompletableFuture<Integer> publish(String topic, Opcode op, ByteBuf frame, int start, int len) {
    ByteBuf[] compressed = null;
    try {
      Frames.setHeader(frame, 0, true, false, op, len, false);
      framesEncoded.incrementAndGet();
      if (deflate != null && len >= deflate.thresholdBytes()) {
        compressed = compress(op, frame.nioBuffer(start, len));
      }
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
    TopicMessage m = new TopicMessage(topic, frame, compressed, all.length);
    for (Loop l : all) {
      l.submit(m);
    }
    return m.done;
  }

  private ByteBuf[] compress(Opcode op, ByteBuffer payload) {
    ByteBuf[] out = null;
    for (int bits = 8; bits <= 15; bits++) {
      if (sharedCompressors.get(bits) == 0) {
        continue;
      }
      MessageDeflater[] byBits = DEFLATERS.get()[deflate.compressionLevel()];
      if (byBits[bits] == null) {
        byBits[bits] = new MessageDeflater(deflate.compressionLevel(), true, bits);
      }
      ByteBuf c = PerMessageDeflate.encode(alloc, byBits[bits], op, payload, false);
      framesCompressed.incrementAndGet();
      if (!isCompressed(c)) {
        c.release(); // did not shrink: those subscribers get the plain frame
        continue;
      }
      if (out == null) {
        out = new ByteBuf[16];
      }
      out[bits] = c;
    }
    return out;
  }

  private static boolean isCompressed(ByteBuf frame) {
    return (frame.getByte(frame.readerIndex()) & 0x40) != 0; // RSV1
  }

  /** The window bits under which {@code deflate}'s messages can share compressed output, or -1. */
  static int sharedWindowBits(PerMessageDeflate deflate) {
    return deflate != null && deflate.compressesWithoutContext(Role.SERVER) ? deflate.windowBits(Role.SERVER) : -1;
  }

  /**
   * The subscribers of one event loop, by topic, and the sessions waiting for a flush. Confined
   * to that loop.
   *
   * <p>Flushing: a fan-out only queues frames; each session that received one joins a FIFO of
   * sessions to flush, once, and the loop flushes that FIFO {@link #FLUSH_CHUNK} sessions at a
   * time, letting its I/O run between chunks. A message published meanwhile (the publisher's
   * next read) is queued behind the frames of every session still waiting, so it leaves in the
   * same write, and only the sessions already flushed join the FIFO again: a flush round never
   * holds a message back for more than one pass over the subscribers, and when messages come
   * faster than a pass, each write carries several of them (docs/benchmarks.md, broadcast).
   */
  static final class Loop {
    private final EventExecutor executor;
    private final Topics topics;
    /** Runs the next chunk after the loop's next I/O poll; a test may step it by hand. */
    private final Consumer<Runnable> afterIo;
    private final Map<String, Subscribers> byTopic = new HashMap<>();
    private final ArrayDeque<NettyConnection> unflushed = new ArrayDeque<>();
    private final Runnable flushChunk = this::flushChunk;
    private boolean flushScheduled;

    Loop(Topics topics, EventExecutor executor) {
      this(topics, executor, task -> executor.schedule(task, 0, TimeUnit.NANOSECONDS));
    }

    /**
     * @param afterIo runs a task once the loop has polled its I/O (a zero-delay scheduled task
     *     does: Netty's loop moves due scheduled tasks into its queue once per pass, after I/O)
     */
    Loop(Topics topics, EventExecutor executor, Consumer<Runnable> afterIo) {
      this.topics = topics;
      this.executor = executor;
      this.afterIo = afterIo;
    }

    SlowConsumerPolicy policy() {
      return topics.policy;
    }

    void add(String topic, NettyConnection c) {
      byTopic.computeIfAbsent(topic, t -> new Subscribers()).add(c);
    }

    void remove(String topic, NettyConnection c) {
      Subscribers s = byTopic.get(topic);
      if (s != null && s.remove(c) && s.isEmpty()) {
        byTopic.remove(topic);
      }
    }

    /** A session whose compressor can share output gained its first or lost its last topic. */
    void sharedCompressor(int windowBits, int delta) {
      if (windowBits >= 0) {
        topics.sharedCompressors.addAndGet(windowBits, delta);
      }
    }

    void submit(TopicMessage m) {
      if (executor.inEventLoop()) {
        fanOut(m);
        return;
      }
      try {
        executor.execute(() -> fanOut(m));
      } catch (RejectedExecutionException e) {
        m.loopDone(0); // the loop is shutting down: its sessions are closing
      }
    }

    private void fanOut(TopicMessage m) {
      int reached = 0;
      try {
        Subscribers s = byTopic.get(m.topic);
        if (s != null) {
          for (NettyConnection c : s.snapshot()) {
            if (c.writeTopicMessage(m)) {
              reached++;
            }
          }
        }
      } finally {
        m.loopDone(reached);
      }
    }

    /** {@code c} wrote and needs a flush: it joins the FIFO that {@link #flushChunk} works through. */
    void needsFlush(NettyConnection c) {
      unflushed.add(c);
      if (!flushScheduled) {
        flushScheduled = true;
        executor.execute(flushChunk); // the first chunk in this loop turn, as before
      }
    }

    /** Runs {@code task} on this loop after its next I/O poll; false if the loop has stopped. */
    boolean afterIo(Runnable task) {
      try {
        afterIo.accept(task);
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    /** Sessions waiting for a flush; for tests. */
    int waitingForFlush() {
      return unflushed.size();
    }

    private void flushChunk() {
      for (int i = 0; i < FLUSH_CHUNK; i++) {
        NettyConnection c = unflushed.poll();
        if (c == null) {
          break;
        }
        c.flushNow(); // may close the session, which writes and flushes on its own
      }
      if (unflushed.isEmpty()) {
        flushScheduled = false;
        return;
      }
      try {
        afterIo.accept(flushChunk);
      } catch (RejectedExecutionException e) { // the loop is shutting down: flush the rest now
        NettyConnection c;
        while ((c = unflushed.poll()) != null) {
          c.flushNow();
        }
        flushScheduled = false;
      }
    }
  }

  /** One topic's subscribers on one loop; fan-out iterates an array that changes rebuild lazily. */
  private static final class Subscribers {
    private final LinkedHashSet<NettyConnection> set = new LinkedHashSet<>();
    private NettyConnection[] snapshot;

    void add(NettyConnection c) {
      if (set.add(c)) {
        snapshot = null;
      }
    }

    boolean remove(NettyConnection c) {
      if (set.remove(c)) {
        snapshot = null;
        return true;
      }
      return false;
    }

    boolean isEmpty() {
      return set.isEmpty();
    }

    NettyConnection[] snapshot() {
      if (snapshot == null) {
        snapshot = set.toArray(new NettyConnection[0]);
      }
      return snapshot;
    }
  }
}
