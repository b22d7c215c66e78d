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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * its ratio to {@code netty} shows the codec alone without our allocation advantage; it masks as
 * our websocket module does (copy, then {@link Masking#maskWord} through {@code getLongLE}/
 * {@code setLongLE}, no NIO view). Output
 * buffers are consumed by a {@link Blackhole} and released.
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
  private ByteBuffer headerScratch;

  private EmbeddedChannel channel;
  private NettyPeer.Encoder encoder;
  private ChannelHandlerContext ctx;
  private ByteBufAllocator alloc;
  private BinaryWebSocketFrame frame;
  private final List<Object> out = new ArrayList<>(2);

  @Setup
  public void setup() {
    masked = role.masksOutgoing();
    byte[] bytes = Inputs.binary(size);
    payload = ByteBuffer.wrap(bytes);
    ourOut = ByteBuffer.allocateDirect(FrameEncoder.MAX_HEADER_BYTES + size);
    headerScratch = ByteBuffer.allocate(FrameEncoder.MAX_HEADER_BYTES);
    encoder = new NettyPeer.Encoder(masked ? NettyPeer.FIXED_MASK : null);
    channel = new EmbeddedChannel(encoder);
    ctx = channel.pipeline().context(encoder);
    alloc = ctx.alloc();
    frame = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
  }

  @TearDown
  public void tearDown() {
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
    FrameEncoder.writeHeader(headerScratch, 0, true, false, Opcode.BINARY, len, masked, Inputs.MASK_KEY);
    buf.writeBytes(headerScratch.array(), 0, headerLength);
    if (masked) {
      buf.writeBytes(src.array(), src.arrayOffset(), len);
      maskPayload(buf, headerLength, len, Inputs.MASK_KEY);
    } else if (merge) {
      buf.writeBytes(src.array(), src.arrayOffset(), len);
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
   * Masks {@code buf[start, start + len)} as our websocket module does ({@code Frames.maskPayload}):
   * with {@link Masking#maskWord} through the buffer's little-endian accessors, no NIO view.
   */
  static void maskPayload(ByteBuf buf, int start, int len, int key) {
    long word = Masking.maskWord(key, 0, ByteOrder.LITTLE_ENDIAN);
    int i = start;
    int end = start + len;
    for (int end8 = end - 7; i < end8; i += 8) {
      buf.setLongLE(i, buf.getLongLE(i) ^ word);
    }
    if (i + 4 <= end) {
      buf.setIntLE(i, buf.getIntLE(i) ^ (int) word);
      i += 4;
    }
    for (int k = 0; i < end; i++, k++) {
      buf.setByte(i, buf.getByte(i) ^ (int) (word >>> (k << 3)));
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
