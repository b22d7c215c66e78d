package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.SendBufferFullException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The send path of one {@link NettyConnection}: framing, the send buffer's accounting against
 * {@code maxBufferedBytes}, the order of frames, and flushing.
 *
 * <p>Frames sent during a read of this connection (from its {@code Endpoint} callbacks) go
 * straight into one pooled buffer, the batch, which is written to the channel once, when the
 * read batch completes. So a read that brings 16 messages answered with 16
 * sends makes one outbound-buffer entry, one promise and one listener, not 16 of each, and a send
 * without a future ({@code offer...}) allocates nothing. Every frame that does not go into the
 * batch (encoded on another thread, compressed, a topic frame shared with other sessions, a
 * control frame) first pushes the batch out, so the wire carries frames in the order of the calls.
 *
 * <p>Topic frames (one shared buffer written to many sessions) go out with the void promise, no
 * listener: {@link #topicPending()} estimates how much of them Netty still holds.
 *
 * <p>Thread confinement: everything runs on the channel's event loop except the public entry
 * points' first steps (encoding a frame, reserving its bytes), which hop onto the loop;
 * {@link #buffered} is updated atomically from any thread.
 */
final class Outbound {

  /** The capacity of a first batch buffer; a full one is followed by one twice its size, up to {@link #MAX_BATCH_BYTES}. */
  static final int BATCH_BYTES = 1024;

  /** The largest capacity a batch is made with for frames smaller than it (a larger frame gets a batch of its size). */
  static final int MAX_BATCH_BYTES = 64 * 1024;

  /**
   * A message echoed from the buffer it arrived in (see {@link #send}) is written from there,
   * retained rather than copied, from this size up; smaller ones are copied into the batch, which
   * costs less than a write of their own.
   */
  static final int RETAIN_FROM_BYTES = 4096;

  /**
   * A topic frame (one buffer shared by every subscriber) up to this size, when it is not the
   * only one waiting for the session's flush, is copied into the session's batch rather than
   * written as a retained duplicate: one buffer per flush instead of one outbound-buffer entry,
   * duplicate and iovec per message, and for frames this small the copy holds no more memory than
   * the duplicate and its entry would. A lone frame stays a duplicate, held back until the flush
   * (see {@link #pendingShared}): a buffer allocated per subscriber and message costs more than
   * it saves when each flush carries one message. Larger frames are always shared.
   */
  static final int COPY_SHARED_UP_TO_BYTES = 1024;

  // A VarHandle rather than an AtomicLongFieldUpdater: no access check on every update.
  private static final VarHandle BUFFERED;

  static {
    try {
      BUFFERED = MethodHandles.lookup().findVarHandle(Outbound.class, "buffered", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final NettyConnection connection;
  private final Channel channel;
  // Where frames are written: our handler's context, or the pipeline when the connection has no
  // handler of its own (CompactEpollSocketChannel); both write through every outbound handler.
  private final ChannelOutboundInvoker out;
  private final boolean mask;
  private final PerMessageDeflate deflate;

  /** Bytes accepted and not yet written, topic frames aside: see {@link #bufferedAmount()}. */
  private volatile long buffered;
  // Topic frames handed to Netty's outbound buffer (see topicPending()); written on the loop only.
  private volatile long topicBytes;

  private ByteBuf batch;
  private ArrayList<CompletableFuture<Void>> batchFutures; // of sends in the batch, when any
  private int batchTopicBytes; // of topic frames copied into the batch (counted in buffered until written)
  /**
   * A small topic frame (retained duplicate) waiting for the flush, not yet in Netty's buffer, and
   * only while there is no batch: written before anything else, or copied into a batch with the
   * next small topic frame. Counted in buffered until written.
   */
  private ByteBuf pendingShared;
  private boolean reading;
  private boolean flushPending;

  // Outbound fragmented message in progress, and whole messages waiting behind it (made on demand).
  private boolean sendingFragments;
  private Opcode fragmentType;
  private ArrayDeque<Runnable> waitingBehindFragments;

  /**
   * Made by the connection at its first send or read (an idle connection has none), on any
   * thread; {@code out} is used on the loop only.
   */
  Outbound(NettyConnection connection, Channel channel, ChannelOutboundInvoker out, boolean mask,
      PerMessageDeflate deflate) {
    this.connection = connection;
    this.channel = channel;
    this.out = out;
    this.mask = mask;
    this.deflate = deflate;
  }

  /** {@code Session.bufferedAmount()}: bytes accepted and not yet written to the socket. Any thread. */
  long bufferedAmount() {
    return buffered + topicPending();
  }

  /**
   * Topic frames in Netty's outbound buffer, at most: the bytes handed to it since it last held
   * none of them, capped by what it holds (its count includes a fixed overhead per message, so
   * the cap only ever overestimates). No promise or listener per subscriber and message: a
   * fan-out costs one buffer write each (docs/benchmarks.md, broadcast). Any thread.
   */
  private long topicPending() {
    long t = topicBytes;
    if (t == 0) {
      return 0;
    }
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : Math.min(t, buffer.totalPendingWriteBytes());
  }

  private long maxBufferedBytes() {
    return connection.limits().maxBufferedBytes();
  }

  // ---------------------------------------------------------------- data messages, any thread

  CompletableFuture<Void> sendText(CharSequence text) {
    int len = ByteBufUtil.utf8Bytes(text);
    if (deflate != null && deflate.compresses(len)) {
      return submitCompressed(Opcode.TEXT, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
    long size = FrameEncoder.headerLength(len, mask) + (long) len;
    if (canBatch()) {
      if (!reserve(size)) {
        return bufferFull(size);
      }
      ByteBuf b = batchFor((int) size);
      int start = b.writerIndex();
      int header = Frames.setHeader(b, start, true, false, Opcode.TEXT, len, mask);
      b.writerIndex(start + header);
      ByteBufUtil.writeUtf8(b, text);
      if (mask) {
        Frames.maskPayload(b, start + header, len);
      }
      appended(b);
      return batchedFuture();
    }
    return submitFrame(Frames.encodeText(channel.alloc(), text, len, mask));
  }

  /**
   * A whole message of {@code op} (TEXT or BINARY) holding {@code data}, which is not consumed.
   *
   * @param passedBack the connection's inbound state when {@code data} is the message it is
   *     delivering, sent back unchanged from the endpoint's callback; else null. A large one is
   *     then written from the buffer it arrived in (retained, not copied).
   */
  CompletableFuture<Void> send(Opcode op, ByteBuffer data, InboundMessages passedBack) {
    if (deflate != null && deflate.compresses(data.remaining())) {
      return submitCompressed(op, copyOf(data));
    }
    if (canBatch()) {
      long size = frameSize(data.remaining());
      if (!reserve(size)) {
        return bufferFull(size);
      }
      if (retains(data, passedBack)) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        appendRetained(op, data.remaining(), passedBack, (int) size - data.remaining(), f);
        return f;
      }
      append(op, data, (int) size);
      return batchedFuture();
    }
    return submitFrame(Frames.encode(channel.alloc(), true, op, data, mask));
  }

  /** Like {@link #send} without a future: whether the message was accepted. */
  boolean offer(Opcode op, ByteBuffer data, InboundMessages passedBack) {
    if (canBatch() && (deflate == null || !deflate.compresses(data.remaining()))) {
      long size = frameSize(data.remaining());
      if (!reserve(size)) {
        return false;
      }
      if (retains(data, passedBack)) {
        appendRetained(op, data.remaining(), passedBack, (int) size - data.remaining(), null);
      } else {
        append(op, data, (int) size);
      }
      return true;
    }
    if (!connection.isOpen()) {
      return false;
    }
    return !send(op, data, passedBack).isCompletedExceptionally();
  }

  /**
   * Whether {@code data}, passed back, goes out from its own buffer: large, unmasked, its buffer
   * known, and filling at least a quarter of it, so that what a retained echo keeps in memory is
   * at most four times what {@code maxBufferedBytes} counts (a small message in a large read
   * buffer is copied instead of pinning the whole buffer until a slow peer reads it).
   */
  private boolean retains(ByteBuffer data, InboundMessages passedBack) {
    if (passedBack == null || mask || data.remaining() < RETAIN_FROM_BYTES) {
      return false;
    }
    ByteBuf owner = passedBack.deliveredOwner();
    return owner != null && owner.capacity() <= 4L * data.remaining();
  }

  /**
   * The header of a {@code len}-byte frame into the batch, then the payload as a retained slice
   * of the buffer it arrived in; the reserved bytes are released as each part is written, and
   * {@code result} (may be null) completes with the payload's write (writes complete in order).
   */
  private void appendRetained(Opcode op, int len, InboundMessages passedBack, int headerBytes,
      CompletableFuture<Void> result) {
    ByteBuf payload = passedBack.deliveredOwner().retainedSlice(passedBack.deliveredIndex(), len);
    ByteBuf b = batchFor(headerBytes);
    int start = b.writerIndex();
    b.writerIndex(start + Frames.setHeader(b, start, true, false, op, len, false));
    writeBatch();
    out.write(payload).addListener(new Written(this, len, result == null ? null : singleFuture(result)));
    scheduleFlush();
  }

  private static ArrayList<CompletableFuture<Void>> singleFuture(CompletableFuture<Void> f) {
    ArrayList<CompletableFuture<Void>> one = new ArrayList<>(1);
    one.add(f);
    return one;
  }

  CompletableFuture<Void> sendFragment(Opcode op, ByteBuffer data, boolean last) {
    // The opcode is decided on the loop (first fragment or continuation): encode there.
    return submit(null, true, op, last, copyOf(data));
  }

  /**
   * Whether a frame sent now may go into the batch: during a read of this connection (so on its
   * loop, and {@link #readComplete} writes the batch), open, no fragmented message under way.
   * Sends at other times take the per-frame path.
   */
  private boolean canBatch() {
    return reading && channel.eventLoop().inEventLoop() && connection.isOpen() && !sendingFragments;
  }

  private long frameSize(int payloadBytes) {
    return FrameEncoder.headerLength(payloadBytes, mask) + (long) payloadBytes;
  }

  /**
   * Counts {@code size} more bytes unless that would pass {@code maxBufferedBytes}. A CAS loop
   * rather than add-then-undo, so that {@link #bufferedAmount()}, read from any thread, never
   * sees a value past the limit, not even for an instant.
   */
  private boolean reserve(long size) {
    long max = maxBufferedBytes();
    for (;;) {
      long current = buffered;
      if (current + size + topicPending() > max) {
        return false;
      }
      if (BUFFERED.compareAndSet(this, current, current + size)) {
        return true;
      }
    }
  }

  private CompletableFuture<Void> bufferFull(long size) {
    long before = bufferedAmount();
    return CompletableFuture.failedFuture(new SendBufferFullException(before, size, maxBufferedBytes()));
  }

  private CompletableFuture<Void> batchedFuture() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (batchFutures == null) {
      batchFutures = new ArrayList<>(4);
    }
    batchFutures.add(f);
    return f;
  }

  /** Frames {@code payload} (not consumed) into the batch; {@code size} bytes are reserved. */
  private void append(Opcode op, ByteBuffer payload, int size) {
    int len = payload.remaining();
    ByteBuf b = batchFor(size);
    int start = b.writerIndex();
    int header = Frames.setHeader(b, start, true, false, op, len, mask);
    Frames.copyPayload(b, start + header, payload);
    b.writerIndex(start + header + len);
    if (mask) {
      Frames.maskPayload(b, start + header, len);
    }
    appended(b);
  }

  /**
   * Once the batch would take the channel past its high-water mark, it is handed over at once,
   * so that {@code isWritable()} and the drain event ({@code onWritable}) see it, as they see
   * every other write.
   */
  private void appended(ByteBuf b) {
    if (b.readableBytes() >= channel.bytesBeforeUnwritable()) {
      writeBatch();
    }
    scheduleFlush();
  }

  /**
   * The batch, with room for {@code size} more bytes; {@link #appended} schedules its flush. A
   * batch too full for the next frame is handed over as it is, and the next one is made twice
   * its capacity (up to {@link #MAX_BATCH_BYTES}): growing it in place would copy every byte
   * written so far at each doubling (1 KiB messages: ~2 bytes copied per byte sent).
   */
  private ByteBuf batchFor(int size) {
    ByteBuf b = batch;
    int capacity = BATCH_BYTES;
    if (b != null) {
      if (b.writableBytes() >= size) {
        return b;
      }
      capacity = Math.min(MAX_BATCH_BYTES, b.capacity() << 1);
      writeBatch();
    }
    writePendingShared();
    b = channel.alloc().ioBuffer(Math.max(size, capacity));
    batch = b;
    return b;
  }

  /** Hands the batch, if any, to the channel (not flushed). */
  private void writeBatch() {
    writePendingShared();
    ByteBuf b = batch;
    if (b == null) {
      return;
    }
    batch = null;
    ArrayList<CompletableFuture<Void>> futures = batchFutures;
    batchFutures = null;
    int bytes = b.readableBytes(); // before the write: a written buffer's indices move
    int topic = batchTopicBytes;
    if (topic == 0) {
      out.write(b).addListener(new Written(this, bytes, futures));
      return;
    }
    batchTopicBytes = 0;
    if (topic == bytes && futures == null) {
      out.write(b, channel.unsafe().voidPromise()); // only topic frames: no promise, no listener
    } else {
      out.write(b).addListener(new Written(this, bytes - topic, futures));
    }
    // Now in Netty's buffer: counted as topic bytes (see topicPending()), added before they leave
    // buffered so that bufferedAmount() never reads low.
    topicBytes += topic;
    BUFFERED.getAndAdd(this, (long) -topic);
  }

  /** Completes a batch's write: its bytes leave the send buffer, its sends' futures complete. */
  private static final class Written implements ChannelFutureListener {
    private final Outbound outbound;
    private final long bytes;
    private final ArrayList<CompletableFuture<Void>> futures;

    Written(Outbound outbound, long bytes, ArrayList<CompletableFuture<Void>> futures) {
      this.outbound = outbound;
      this.bytes = bytes;
      this.futures = futures;
    }

    @Override
    public void operationComplete(ChannelFuture written) {
      BUFFERED.getAndAdd(outbound, -bytes);
      if (futures != null) {
        for (CompletableFuture<Void> f : futures) {
          if (written.isSuccess()) {
            f.complete(null);
          } else {
            f.completeExceptionally(written.cause());
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- the general path

  private CompletableFuture<Void> submitFrame(ByteBuf frame) {
    return submit(frame, false, null, false, null);
  }

  private CompletableFuture<Void> submitCompressed(Opcode op, ByteBuffer data) {
    return submit(null, false, op, true, data);
  }

  /**
   * Reserves the bytes of an encoded {@code frame}, or of {@code data} to be encoded on the loop
   * (a fragment, or a message compressed there), and writes it on the loop, in call order and
   * behind any fragmented message under way.
   */
  private CompletableFuture<Void> submit(ByteBuf frame, boolean fragment, Opcode op, boolean last, ByteBuffer data) {
    long size = frame != null ? frame.readableBytes() : data.remaining() + FrameEncoder.MAX_HEADER_BYTES;
    if (!reserve(size)) {
      ReferenceCountUtil.release(frame);
      return bufferFull(size);
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    Runnable task = () -> {
      if (!connection.isOpen()) {
        BUFFERED.getAndAdd(this, -size);
        ReferenceCountUtil.release(frame);
        result.completeExceptionally(connection.notOpen());
        return;
      }
      ByteBuf encoded = frame;
      if (fragment) {
        if (sendingFragments && op != fragmentType) {
          BUFFERED.getAndAdd(this, -size);
          result.completeExceptionally(new IllegalStateException(
              "a " + fragmentType + " message is being sent in fragments; finish it before sending " + op));
          return;
        }
        Opcode wire = sendingFragments ? Opcode.CONTINUATION : op;
        encoded = Frames.encode(channel.alloc(), last, wire, data, mask);
        BUFFERED.getAndAdd(this, encoded.readableBytes() - size);
        sendingFragments = !last;
        fragmentType = last ? null : op;
      } else if (encoded == null) {
        // Compressed here, on the loop: the compressor's context must follow the order on the wire.
        encoded = deflate.encode(channel.alloc(), op, data, mask);
        BUFFERED.getAndAdd(this, encoded.readableBytes() - size);
      }
      long reserved = frame == null ? encoded.readableBytes() : size;
      write(encoded).addListener(w -> {
        BUFFERED.getAndAdd(this, -reserved);
        if (w.isSuccess()) {
          result.complete(null);
        } else {
          result.completeExceptionally(w.cause());
        }
      });
      if (fragment && last) {
        drainWaiting();
      }
    };
    Runnable ordered = () -> {
      if (sendingFragments && !fragment) {
        waitingBehindFragments().add(task);
      } else {
        task.run();
      }
    };
    runOnLoop(ordered, () -> {
      BUFFERED.getAndAdd(this, -size);
      ReferenceCountUtil.release(frame);
      result.completeExceptionally(connection.notOpen());
    });
    return result;
  }

  private ArrayDeque<Runnable> waitingBehindFragments() {
    if (waitingBehindFragments == null) {
      waitingBehindFragments = new ArrayDeque<>(4);
    }
    return waitingBehindFragments;
  }

  private void drainWaiting() {
    Runnable next;
    while (!sendingFragments && waitingBehindFragments != null && (next = waitingBehindFragments.poll()) != null) {
      next.run();
    }
  }

  // ---------------------------------------------------------------- on the loop: other frames

  /** Writes a frame that is not part of the batch, after the batch (so in order); flush scheduled. */
  ChannelFuture write(ByteBuf frame) {
    writeBatch();
    ChannelFuture f = out.write(frame);
    scheduleFlush();
    return f;
  }

  /** Frames {@code payload} (a final frame of {@code op}) and writes it like {@link #write(ByteBuf)}. */
  ChannelFuture write(Opcode op, ByteBuffer payload) {
    return write(Frames.encode(channel.alloc(), true, op, payload, mask));
  }

  /**
   * A ping or pong from the API, from any thread: {@code payload} is copied now and written on
   * the loop while the session is open; the result completes when it is written.
   */
  CompletableFuture<Void> sendControl(Opcode op, ByteBuffer payload) {
    if (payload.remaining() > 125) {
      throw new IllegalArgumentException(op + " payload is " + payload.remaining() + " bytes; control frames carry at most 125");
    }
    ByteBuffer copy = copyOf(payload);
    CompletableFuture<Void> result = new CompletableFuture<>();
    runOnLoop(() -> {
      if (!connection.isOpen()) {
        result.completeExceptionally(connection.notOpen());
        return;
      }
      writeControl(op, copy, result);
    }, () -> result.completeExceptionally(connection.notOpen()));
    return result;
  }

  /** A control frame; {@code result} (may be null) completes when it is written. */
  void writeControl(Opcode op, ByteBuffer payload, CompletableFuture<Void> result) {
    ByteBuf frame = Frames.encode(channel.alloc(), true, op, payload, mask);
    long size = frame.readableBytes();
    BUFFERED.getAndAdd(this, size);
    write(frame).addListener(w -> {
      BUFFERED.getAndAdd(this, -size);
      if (result != null) {
        if (w.isSuccess()) {
          result.complete(null);
        } else {
          result.completeExceptionally(w.cause());
        }
      }
    });
  }

  /**
   * What counts against {@code maxBufferedBytes} before a topic frame: the bytes buffered, topic
   * frames that Netty has written since the last look forgotten. On the loop.
   */
  long bufferedForTopics() {
    long pending = topicPending();
    topicBytes = pending; // what Netty has written since is forgotten
    return buffered + pending;
  }

  /**
   * Writes a topic frame of {@code size} bytes, behind any fragmented message. Returns whether
   * the caller must arrange a flush (not reading, none pending). On the loop.
   */
  boolean writeShared(ByteBuf shared, long size) {
    if (sendingFragments) { // a topic message does not go between the frames of a message either
      ByteBuf frame = shared.retainedDuplicate();
      BUFFERED.getAndAdd(this, size); // counted as any send until it reaches Netty's buffer
      waitingBehindFragments().add(() -> {
        BUFFERED.getAndAdd(this, -size);
        if (connection.isOpen()) {
          handOverShared(frame, size);
          scheduleFlush();
        } else {
          frame.release();
        }
      });
      return false;
    }
    if (size > COPY_SHARED_UP_TO_BYTES) {
      handOverShared(shared.retainedDuplicate(), size);
    } else if (batch == null && pendingShared == null) {
      BUFFERED.getAndAdd(this, size);
      pendingShared = shared.retainedDuplicate(); // alone so far: no buffer of its own
    } else {
      ByteBuf first = pendingShared;
      if (first != null) { // a second one: both go into one batch
        pendingShared = null;
        int firstSize = first.readableBytes();
        ByteBuf b = batchFor(firstSize + (int) size);
        b.writeBytes(first);
        first.release();
        batchTopicBytes += firstSize;
      }
      copyShared(shared, (int) size);
    }
    if (reading || flushPending) {
      flushPending = true; // readComplete or the pending flush writes it
      return false;
    }
    flushPending = true;
    return true;
  }

  /** Copies a small topic frame into the batch; its bytes count as buffered until the batch is written. */
  private void copyShared(ByteBuf shared, int size) {
    BUFFERED.getAndAdd(this, (long) size);
    ByteBuf b = batchFor(size); // may write the batch so far: batchTopicBytes is read after
    b.writeBytes(shared, shared.readerIndex(), size);
    batchTopicBytes += size;
    if (b.readableBytes() >= channel.bytesBeforeUnwritable()) {
      writeBatch(); // isWritable() and onWritable see it, as they see every other write
    }
  }

  /** The lone small topic frame held back, if any, into Netty's buffer (not flushed). */
  private void writePendingShared() {
    ByteBuf frame = pendingShared;
    if (frame == null) {
      return;
    }
    pendingShared = null;
    long size = frame.readableBytes();
    out.write(frame, channel.unsafe().voidPromise());
    topicBytes += size; // before it leaves buffered, so that bufferedAmount() never reads low
    BUFFERED.getAndAdd(this, -size);
  }

  private void handOverShared(ByteBuf frame, long size) {
    writeBatch();
    // The unsafe's void promise: a write failing on a closed channel fails silently (the frame is
    // released), as a listener would have ignored the failure.
    out.write(frame, channel.unsafe().voidPromise());
    topicBytes += size; // written on the loop only
  }

  // ---------------------------------------------------------------- flushing

  void readStarted() {
    reading = true;
  }

  /** The read batch is over: flush what it produced, once. */
  void readComplete() {
    reading = false;
    if (flushPending) {
      flushNow();
    }
  }

  void scheduleFlush() {
    if (reading) {
      flushPending = true; // readComplete flushes once for the whole read
    } else if (!flushPending) {
      flushPending = true;
      channel.eventLoop().execute(this::flushNow);
    }
  }

  void flushNow() {
    flushPending = false;
    writeBatch();
    out.flush();
  }

  // ---------------------------------------------------------------- the end

  /** The connection is closed: waiting sends fail, an unwritten batch is dropped. */
  void terminate() {
    if (waitingBehindFragments != null) {
      Runnable waiting;
      while ((waiting = waitingBehindFragments.poll()) != null) {
        waiting.run(); // each fails its future: the connection is no longer open
      }
    }
    dropBatch();
  }

  /** Releases an unwritten batch (the handler is leaving the pipeline, or the connection closed). */
  void dropBatch() {
    ByteBuf pending = pendingShared;
    if (pending != null) {
      pendingShared = null;
      BUFFERED.getAndAdd(this, (long) -pending.readableBytes());
      pending.release();
    }
    ByteBuf b = batch;
    if (b == null) {
      return;
    }
    batch = null;
    batchTopicBytes = 0;
    BUFFERED.getAndAdd(this, (long) -b.readableBytes());
    b.release();
    ArrayList<CompletableFuture<Void>> futures = batchFutures;
    batchFutures = null;
    if (futures != null) {
      IllegalStateException e = new IllegalStateException("the connection ended before the message was written");
      futures.forEach(f -> f.completeExceptionally(e));
    }
  }

  void runOnLoop(Runnable task, Runnable rejected) {
    runOnLoop(channel, task, rejected);
  }

  /** The send water marks of {@code limits}: Netty's shared default instance when they are the defaults. */
  static WriteBufferWaterMark waterMark(Limits limits) {
    int low = (int) limits.sendLowWaterBytes();
    int high = (int) limits.sendHighWaterBytes();
    WriteBufferWaterMark shared = WriteBufferWaterMark.DEFAULT;
    return shared.low() == low && shared.high() == high ? shared : new WriteBufferWaterMark(low, high);
  }

  /** Runs {@code task} on {@code channel}'s loop, now if on it; {@code rejected} if the loop has stopped. */
  static void runOnLoop(Channel channel, Runnable task, Runnable rejected) {
    EventExecutor loop = channel.eventLoop();
    if (loop.inEventLoop()) {
      task.run();
    } else {
      try {
        loop.execute(task);
      } catch (RejectedExecutionException e) {
        rejected.run();
      }
    }
  }

  private static ByteBuffer copyOf(ByteBuffer data) {
    return ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
  }
}
