package dev.switchboard.bench;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.Opcode;
import java.nio.ByteBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our decoder's handler in the benchmarks: hands each event to a {@link Blackhole} and allocates
 * nothing, so that what JMH's GC profiler counts is the decoder's own allocation. Any error fails
 * the benchmark instead of letting it time a failed decoder. Not thread-safe.
 */
final class ConsumingHandler implements FrameDecoder.Handler {

  Blackhole bh;
  Trace trace;
  private Opcode type;

  @Override
  public void onMessageStart(Opcode type, boolean compressed) {
    this.type = type;
    bh.consume(compressed);
  }

  @Override
  public void onMessageData(ByteBuffer payload, boolean last) {
    bh.consume(payload.remaining());
    bh.consume(last);
    if (trace != null) {
      trace.frame(type, last, payload);
    }
  }

  @Override
  public void onPing(ByteBuffer payload) {
    bh.consume(payload.remaining());
  }

  @Override
  public void onPong(ByteBuffer payload) {
    bh.consume(payload.remaining());
  }

  @Override
  public void onClose(int code, String reason) {
    bh.consume(code);
  }

  @Override
  public void onError(CloseCode code, String message) {
    throw new IllegalStateException("our decoder failed with " + code + ": " + message);
  }
}
