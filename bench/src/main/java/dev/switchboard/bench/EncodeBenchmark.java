package dev.switchboard.bench;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Masking;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding one final binary frame of {@code size} payload bytes, as a server sends it (unmasked)
 * or as a client does (masked): our {@link FrameEncoder} and {@link Masking} against Netty's
 * {@code WebSocket08FrameEncoder}. One operation is one frame. Not thread-safe (one state per JMH
 * thread).
 *
 * <p><b>Same output.</b> Both sides produce the same bytes in the same shape, which the test
 * checks: a masked frame, or an unmasked one of up to {@value #MERGE_THRESHOLD} payload bytes,
 * as one buffer holding header and payload; a larger unmasked frame as a header buffer followed by
 * the caller's payload, not copied (Netty's gathering-write rule, which our API allows as well).
 * Masked frames use one fixed key on both sides, so the key's source (a
 * {@code ThreadLocalRandom} call on both sides in real use) is not measured. The payload is a heap
 * buffer, as an application hands it over; Netty's frame object wrapping it is built once and
 * reused (its content rewound each time), which spares Netty an allocation an application would
 * make per send.
 *
 * <p><b>Where the output goes.</b> Our codec writes into a buffer the caller owns; Netty's
 * encoder takes a buffer from its channel's pooled allocator each time. {@code ours} measures our
 * codec as designed (into a reused direct buffer); {@code oursPooled} takes its output buffer from
 * the same Netty allocator as Netty's encoder, as a transport built on our codec does, so that
 * its ratio to {@code netty} shows the codec alone without our allocation advantage. It does
 * what the websocket module's per-frame send path ({@code Frames.encode}) does, step for step:
 * the header with a few wide stores straight into the pooled buffer, the payload copied in one
 * bulk copy from its array, then masked in
 * place through the buffer's memory address with {@link Masking#maskWord} (no NIO view, no
 * scratch array). Output buffers are consumed by a {@link Blackhole} and released.
 * {@code oursBatched} is the other real send path, a send from an endpoint callback during a
 * read: the frame is appended to the read's batch buffer, so a pooled allocation is made per
 * read, not per frame (details on the method). Its output always holds header and payload
 * together (a send copies what it is given), so for unmasked payloads above {@value
 * #MERGE_THRESHOLD} bytes it copies what {@code netty} and {@code oursPooled} pass on uncopied.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {ForkOptions.HEAP_MIN, ForkOptions.HEAP_MAX, ForkOptions.EXECUTOR,
    ForkOptions.EXECUTOR_CLASS, ForkOptions.NETTY_CACHES, ForkOptions.NETTY_NO_LEAK_DETECTION})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncodeBenchmark {

  /** Netty's {@code GATHERING_WRITE_THRESHOLD}: unmasked payloads above it are not copied. */
  static final int MERGE_THRESHOLD = 1024;

  /** The websocket module's {@code Outbound.BATCH_BYTES} and {@code MAX_BATCH_BYTES}. */
  static final int BATCH_BYTES = 1024;
  static final int MAX_BATCH_BYTES = 64 * 1024;

  /** Messages a read brings in {@link #oursBatched}: the window of the load benchmark's echo32w16. */
  static final int FRAMES_PER_READ = 16;

  @Param({"0", "125", "1024", "65536"})
  public int size;

  /** SERVER sends unmasked frames, CLIENT masked ones (RFC 6455 §5.1). */
  @Param({"SERVER", "CLIENT"})
  public Role role;

  /** Set by tests only, before {@link #setup()}. */
  public Trace trace;

  private boolean masked;
  private ByteBuffer payload;
  private ByteBuffer ourOut;

  private EmbeddedChannel channel;
  private NettyPeer.Encoder encoder;
  private ChannelHandlerContext ctx;
  private ByteBufAllocator alloc;
  private BinaryWebSocketFrame frame;
  private final List<Object> out = new ArrayList<>(2);
  private ByteBuf batch;
  private int framesInBatch;

  @Setup
  public void setup() {
    masked = role.masksOutgoing();
    byte[] bytes = Inputs.binary(size);
    payload = ByteBuffer.wrap(bytes);
    ourOut = ByteBuffer.allocateDirect(FrameEncoder.MAX_HEADER_BYTES + size);
    encoder = new NettyPeer.Encoder(masked ? NettyPeer.FIXED_MASK : null);
    channel = new EmbeddedChannel(encoder);
    ctx = channel.pipeline().context(encoder);
    alloc = ctx.alloc();
    frame = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
  }

  @TearDown
  public void tearDown() {
    if (batch != null) {
      batch.release();
      batch = null;
    }
    frame.release();
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public void ours(Blackhole bh) {
    ByteBuffer dst = ourOut;
    ByteBuffer src = payload;
    int len = src.remaining();
    int n = FrameEncoder.writeHeader(dst, 0, true, false, Opcode.BINARY, len, masked, Inputs.MASK_KEY);
    if (masked) {
      dst.position(n);
      Masking.maskCopy(src, dst, Inputs.MASK_KEY);
      src.position(0);
      emit(bh, dst, n + len, null);
    } else if (len <= MERGE_THRESHOLD) {
      dst.put(n, src, 0, len);
      emit(bh, dst, n + len, null);
    } else {
      emit(bh, dst, n, src);
    }
  }

  private void emit(Blackhole bh, ByteBuffer dst, int end, ByteBuffer rest) {
    bh.consume(end);
    bh.consume(dst);
    if (rest != null) {
      bh.consume(rest.remaining());
    }
    if (trace != null) {
      String bytes = Trace.hex(dst.duplicate().limit(end).position(0));
      trace.add(rest == null ? bytes : bytes + Trace.hex(rest));
    }
  }

  @Benchmark
  public void oursPooled(Blackhole bh) {
    ByteBuffer src = payload;
    int len = src.remaining();
    boolean merge = masked || len <= MERGE_THRESHOLD;
    int headerLength = FrameEncoder.headerLength(len, masked);
    ByteBuf buf = alloc.buffer(merge ? headerLength + len : headerLength);
    setHeader(buf, 0, len, masked, Inputs.MASK_KEY);
    if (merge) {
      copyPayload(buf, headerLength, src);
      buf.writerIndex(headerLength + len);
      if (masked) {
        maskPayload(buf, headerLength, len);
      }
    } else {
      buf.writerIndex(headerLength);
    }
    bh.consume(buf.readableBytes());
    if (trace != null) {
      trace.add(merge ? Trace.hex(buf.nioBuffer()) : Trace.hex(buf.nioBuffer()) + Trace.hex(src));
    }
    buf.release();
    if (!merge) {
      bh.consume(src.remaining());
    }
  }

  /**
   * A send from an endpoint callback during a read, as the websocket module's {@code
   * Outbound.append} does it: the frame goes straight into the read's batch buffer (one pooled
   * buffer, first {@value #BATCH_BYTES} bytes; a frame that does not fit hands it over and starts
   * one twice its capacity, up to {@value #MAX_BATCH_BYTES}), which is handed over once per read. Here a read brings
   * {@value #FRAMES_PER_READ} messages, as in the load benchmark's window-16 echo: every {@value
   * #FRAMES_PER_READ}th frame hands the batch over (released here) and the next starts a new one.
   * The payload is always copied, whatever its size: a send copies what it is given, and only a
   * message passed back from the read buffer is written uncopied ({@code Outbound.appendRetained}).
   */
  @Benchmark
  public void oursBatched(Blackhole bh) {
    ByteBuffer src = payload;
    int len = src.remaining();
    int headerLength = FrameEncoder.headerLength(len, masked);
    int size = headerLength + len;
    ByteBuf b = batch;
    int capacity = BATCH_BYTES;
    if (b != null && b.writableBytes() < size) {
      capacity = Math.min(MAX_BATCH_BYTES, b.capacity() << 1);
      handOverFull(bh);
      b = null;
    }
    if (b == null) {
      b = alloc.ioBuffer(Math.max(size, capacity));
      batch = b;
    }
    int start = b.writerIndex();
    setHeader(b, start, len, masked, Inputs.MASK_KEY);
    copyPayload(b, start + headerLength, src);
    b.writerIndex(start + size);
    if (masked) {
      maskPayload(b, start + headerLength, len);
    }
    if (trace != null) {
      trace.add(Trace.hex(b.nioBuffer(start, size)));
    }
    if (++framesInBatch == FRAMES_PER_READ) {
      handOver(bh);
    }
  }

  private void handOver(Blackhole bh) {
    handOverFull(bh);
    framesInBatch = 0;
  }

  /** A batch too full for the next frame is handed over as it is (the read goes on). */
  private void handOverFull(Blackhole bh) {
    bh.consume(batch.readableBytes());
    batch.release();
    batch = null;
  }

  // What the websocket module's Frames does (setHeader, copyPayload, maskPayload), step for step;
  // bench does not depend on that module. The key is fixed here where Frames draws a random one.

  /** The header of a final binary frame at {@code index}, written with a few wide stores. */
  static void setHeader(ByteBuf frame, int index, int len, boolean mask, int key) {
    int b0 = 0x80 | Opcode.BINARY.code();
    int maskBit = mask ? 0x80 : 0;
    int n;
    if (len <= 125) {
      frame.setShort(index, (b0 << 8) | maskBit | len);
      n = 2;
    } else if (len <= 0xFFFF) {
      frame.setInt(index, (b0 << 24) | ((maskBit | 126) << 16) | len);
      n = 4;
    } else {
      frame.setShort(index, (b0 << 8) | maskBit | 127);
      frame.setLong(index + 2, len);
      n = 10;
    }
    if (mask) {
      frame.setInt(index + n, key);
    }
  }

  /** {@code src}'s remaining bytes (not consumed) to {@code dst} at {@code index}, in one bulk copy from its array. */
  static void copyPayload(ByteBuf dst, int index, ByteBuffer src) {
    int len = src.remaining();
    if (len > 0) {
      dst.setBytes(index, src.array(), src.arrayOffset() + src.position(), len);
    }
  }

  /**
   * Masks {@code buf[start, start + len)} with the key in the four bytes before it, as the
   * websocket module does for a direct buffer: eight bytes at a time through its memory address
   * (with {@link Masking#maskWord} in native order), no NIO view.
   */
  static void maskPayload(ByteBuf buf, int start, int len) {
    if (len <= 0) {
      return;
    }
    int key = buf.getInt(start - 4);
    if (!buf.hasMemoryAddress() || !PlatformDependent.isUnaligned()) {
      throw new IllegalStateException("the benchmark expects direct buffers with a memory address, as the websocket module gets");
    }
    Objects.checkFromIndexSize(start, len, buf.capacity());
    maskAt(buf.memoryAddress() + start, len, key);
  }

  /** Masks {@code len} bytes of native memory at {@code address}: a method of its own, as in {@code Frames}. */
  private static void maskAt(long address, int len, int key) {
    long word = Masking.maskWord(key, 0, ByteOrder.nativeOrder());
    long a = address;
    long end = a + len;
    for (long end8 = end - 7; a < end8; a += 8) {
      PlatformDependent.putLong(a, PlatformDependent.getLong(a) ^ word);
    }
    for (int k = 0; a < end; a++, k++) {
      PlatformDependent.putByte(a, (byte) (PlatformDependent.getByte(a) ^ (key >>> (24 - ((k & 3) << 3)))));
    }
  }

  @Benchmark
  public void netty(Blackhole bh) throws Exception {
    List<Object> o = out;
    // Netty's encoder reads a small unmasked payload (advancing it) when it merges it behind the
    // header; rewind the reused frame as our side rewinds its payload.
    frame.content().readerIndex(0);
    encoder.encodeStep(ctx, frame, o);
    StringBuilder bytes = trace != null ? new StringBuilder() : null;
    for (int i = 0, n = o.size(); i < n; i++) {
      ByteBuf buf = (ByteBuf) o.get(i);
      bh.consume(buf.readableBytes());
      if (bytes != null) {
        bytes.append(Trace.hex(buf.nioBuffer()));
      }
      buf.release();
    }
    o.clear();
    if (bytes != null) {
      trace.add(bytes.toString());
    }
  }
}
