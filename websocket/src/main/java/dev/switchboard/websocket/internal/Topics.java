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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server's topics, uWebSockets style: subscribers are kept per event loop, so each loop fans a
 * message out to its own sessions without locks. A published message is framed once on the
 * publisher's thread (and compressed once per compressor window in use by subscribers whose
 * compressor keeps no context); each loop writes retained duplicates of those bytes to its
 * subscribers and flushes each touched session once per loop turn.
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
    this.deflate = deflate;
    this.policy = policy;
    this.alloc = alloc;
    List<Loop> list = new ArrayList<>();
    for (EventExecutor e : group) {
      Loop l = new Loop(e);
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

  /** The subscribers of one event loop, by topic. Confined to that loop. */
  final class Loop {
    private final EventExecutor executor;
    private final Map<String, Subscribers> byTopic = new HashMap<>();
    private ArrayList<NettyConnection> unflushed = new ArrayList<>();
    private ArrayList<NettyConnection> flushing = new ArrayList<>();
    private boolean flushScheduled;

    Loop(EventExecutor executor) {
      this.executor = executor;
    }

    SlowConsumerPolicy policy() {
      return policy;
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
        sharedCompressors.addAndGet(windowBits, delta);
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

    /** {@code c} wrote and needs a flush: one task per loop turn flushes every such session. */
    void needsFlush(NettyConnection c) {
      unflushed.add(c);
      if (!flushScheduled) {
        flushScheduled = true;
        executor.execute(this::flushAll);
      }
    }

    private void flushAll() {
      flushScheduled = false;
      ArrayList<NettyConnection> batch = unflushed; // a flush may close a session, which may write
      unflushed = flushing;
      flushing = batch;
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).flushNow();
      }
      batch.clear();
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
