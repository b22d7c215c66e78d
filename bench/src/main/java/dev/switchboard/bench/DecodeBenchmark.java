package dev.switchboard.bench;

import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.Opcode;
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
 * Decoding one masked client frame, as a server does: our {@link FrameDecoder} against Netty's
 * {@code WebSocket08FrameDecoder}. One operation is one frame. Not thread-safe (one state per
 * JMH thread).
 *
 * <p><b>Identical inputs.</b> Both sides decode the same frame bytes (payload {@code size} bytes
 * of ASCII text or random binary, masked with one key), from direct memory, as a socket read
 * delivers them. Our decoder unmasks in place, so each operation on a frame with a payload first
 * restores its input from a pristine copy with one bulk copy; Netty's side pays for the very same
 * copy into its own input although it does not need it, so the copy cancels out of the comparison
 * (it is part of both scores, which makes the ratio conservative for small frames and hardly
 * matters for large ones). An empty frame is not changed by a decode, so neither side restores
 * it ({@link DecodeSides}).
 *
 * <p><b>Equal work.</b> For TEXT both sides validate UTF-8: ours always does, Netty only through
 * its {@code Utf8FrameValidator}, which is therefore in the path (as a Netty server installs it by
 * default). BINARY is decoded without validation on both sides. How Netty is driven, and why, is
 * on {@link NettyPeer}. Events are consumed by a {@link org.openjdk.jmh.infra.Blackhole}: our
 * handler allocates nothing, Netty's sink releases each frame, so {@code gc.alloc.rate.norm} is
 * the decoder's own allocation per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {ForkOptions.HEAP_MIN, ForkOptions.HEAP_MAX, ForkOptions.EXECUTOR,
    ForkOptions.EXECUTOR_CLASS, ForkOptions.NETTY_CACHES, ForkOptions.NETTY_NO_LEAK_DETECTION})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBenchmark {

  @Param({"0", "125", "1024", "65536"})
  public int size;

  @Param({"TEXT", "BINARY"})
  public Opcode type;

  /** Set by tests only, before {@link #setup()}. */
  public Trace trace;

  private DecodeSides sides;

  @Setup
  public void setup() {
    byte[] frame = Inputs.clientFrame(type, Inputs.payload(type, size));
    sides = new DecodeSides(frame, type, trace);
  }

  @TearDown
  public void tearDown() {
    sides.close();
  }

  @Benchmark
  public void ours(Blackhole bh) {
    sides.ours(bh);
  }

  @Benchmark
  public void netty(Blackhole bh) throws Exception {
    sides.netty(bh);
  }
}
