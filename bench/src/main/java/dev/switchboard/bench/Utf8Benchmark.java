package dev.switchboard.bench;

import dev.switchboard.protocol.Utf8Validator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * Validating {@code size} bytes of UTF-8 held in a heap buffer: our {@link Utf8Validator} against
 * Netty's and the JDK's decoder. Not thread-safe (one state per JMH thread).
 *
 * <ul>
 *   <li>{@code netty}: Netty's validator class is package-private, so it is driven through the
 *       only public door, {@link Utf8FrameValidator#channelRead}, with a text frame over the same
 *       bytes; behind it, one pipeline hop to a sink that keeps the frame for reuse.
 *   <li>{@code jdk}: a {@link CharsetDecoder} that reports malformed input, decoding into a reused
 *       {@link CharBuffer}. It does more than validate (it produces the chars), which is what a
 *       JDK-only application would run. Heap buffers give it its array fast path.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {ForkOptions.HEAP_MIN, ForkOptions.HEAP_MAX, ForkOptions.EXECUTOR,
    ForkOptions.EXECUTOR_CLASS, ForkOptions.NETTY_CACHES, ForkOptions.NETTY_NO_LEAK_DETECTION})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Utf8Benchmark {

  @Param({"ASCII", "MIXED"})
  public TextKind text;

  @Param({"1024", "65536"})
  public int size;

  /** Set by tests only, before {@link #setup()}. */
  public Trace trace;

  private ByteBuffer input;
  private final Utf8Validator ours = new Utf8Validator();

  private EmbeddedChannel channel;
  private Utf8FrameValidator nettyValidator;
  private ChannelHandlerContext nettyCtx;
  private final NettyPeer.Sink nettySink = new NettyPeer.Sink(false);
  private TextWebSocketFrame nettyFrame;

  private CharsetDecoder jdk;
  private CharBuffer chars;

  @Setup
  public void setup() {
    byte[] bytes = Inputs.text(text, size);
    input = ByteBuffer.wrap(bytes);
    nettyValidator = new Utf8FrameValidator();
    channel = new EmbeddedChannel(nettyValidator, nettySink);
    nettyCtx = channel.pipeline().context(nettyValidator);
    nettyFrame = new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    jdk = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    chars = CharBuffer.allocate(size);
  }

  @TearDown
  public void tearDown() {
    nettyFrame.release();
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public void ours(Blackhole bh) {
    Utf8Validator v = ours;
    v.reset();
    boolean valid = v.feed(input, 0, size) && v.isComplete();
    bh.consume(valid);
    if (trace != null) {
      trace.add("valid " + valid);
    }
  }

  /** Throws Netty's {@code CorruptedWebSocketFrameException} on invalid input. */
  @Benchmark
  public void netty(Blackhole bh) throws Exception {
    nettySink.bh = bh;
    nettyValidator.channelRead(nettyCtx, nettyFrame);
    if (trace != null) {
      trace.add("valid true");
    }
  }

  @Benchmark
  public void jdk(Blackhole bh) {
    CharsetDecoder d = jdk;
    ByteBuffer in = input.clear();
    CharBuffer out = chars.clear();
    d.reset();
    CoderResult r = d.decode(in, out, true);
    if (!r.isError()) {
      r = d.flush(out);
    }
    boolean valid = !r.isError() && !in.hasRemaining();
    bh.consume(valid);
    bh.consume(out.position());
    if (trace != null) {
      trace.add("valid " + valid);
    }
  }
}
