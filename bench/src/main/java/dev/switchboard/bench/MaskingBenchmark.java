package dev.switchboard.bench;

import dev.switchboard.protocol.Masking;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Masking alone (RFC 6455 §5.3), in place over {@code size} bytes of direct memory: our
 * {@link Masking#maskInPlace} against the byte-by-byte loop it replaces. Netty's masking is not
 * callable on its own (it is inlined in its decoder and encoder), so it is measured inside
 * {@link DecodeBenchmark} and {@link EncodeBenchmark} instead. Masking twice restores the input,
 * so no restoring is needed between operations. Not thread-safe (one state per JMH thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {ForkOptions.HEAP_MIN, ForkOptions.HEAP_MAX, ForkOptions.EXECUTOR,
    ForkOptions.EXECUTOR_CLASS, ForkOptions.NETTY_CACHES, ForkOptions.NETTY_NO_LEAK_DETECTION})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MaskingBenchmark {

  @Param({"125", "1024", "65536"})
  public int size;

  /** Set by tests only, before {@link #setup()}. */
  public Trace trace;

  private ByteBuffer ourBuffer;
  private ByteBuffer naiveBuffer;

  @Setup
  public void setup() {
    byte[] bytes = Inputs.binary(size);
    ourBuffer = Inputs.direct(bytes);
    naiveBuffer = Inputs.direct(bytes);
  }

  @Benchmark
  public void ours(Blackhole bh) {
    ByteBuffer b = ourBuffer;
    bh.consume(Masking.maskInPlace(b, 0, size, Inputs.MASK_KEY, 0));
    if (trace != null) {
      trace.add(Trace.hex(b));
    }
  }

  @Benchmark
  public void naive(Blackhole bh) {
    ByteBuffer b = naiveBuffer;
    int key = Inputs.MASK_KEY;
    int n = size;
    for (int i = 0; i < n; i++) {
      b.put(i, (byte) (b.get(i) ^ (key >>> (24 - ((i & 3) << 3)))));
    }
    bh.consume(n & 3);
    if (trace != null) {
      trace.add(Trace.hex(b));
    }
  }
}
