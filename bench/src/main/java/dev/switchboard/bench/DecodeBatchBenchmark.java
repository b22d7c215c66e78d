package dev.switchboard.bench;

import dev.switchboard.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding {@value #FRAMES} small masked client frames ({@value #PAYLOAD_BYTES}-byte payloads)
 * from one buffer, as a server does when a busy client's frames arrive together: ours against
 * Netty's. Scores are per frame ({@link OperationsPerInvocation}), so ops/s and B/op compare
 * directly with {@link DecodeBenchmark}. Inputs, restoring them, UTF-8 validation for TEXT and
 * the way Netty is driven are as there. Not thread-safe (one state per JMH thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {ForkOptions.HEAP_MIN, ForkOptions.HEAP_MAX, ForkOptions.EXECUTOR,
    ForkOptions.EXECUTOR_CLASS, ForkOptions.NETTY_CACHES, ForkOptions.NETTY_NO_LEAK_DETECTION})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBatchBenchmark {

  static final int FRAMES = 64;
  static final int PAYLOAD_BYTES = 32;

  @Param({"TEXT", "BINARY"})
  public Opcode type;

  /** Set by tests only, before {@link #setup()}. */
  public Trace trace;

  private DecodeSides sides;

  @Setup
  public void setup() {
    byte[] payload = Inputs.payload(type, PAYLOAD_BYTES * FRAMES);
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (int i = 0; i < FRAMES; i++) {
      byte[] chunk = new byte[PAYLOAD_BYTES];
      System.arraycopy(payload, i * PAYLOAD_BYTES, chunk, 0, PAYLOAD_BYTES);
      frames.writeBytes(Inputs.clientFrame(type, chunk));
    }
    byte[] batch = frames.toByteArray();
    sides = new DecodeSides(batch, type, trace);
  }

  @TearDown
  public void tearDown() {
    sides.close();
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void ours(Blackhole bh) {
    sides.ours(bh);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void netty(Blackhole bh) throws Exception {
    sides.netty(bh);
  }
}
