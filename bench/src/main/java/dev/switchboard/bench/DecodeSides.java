package dev.switchboard.bench;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DecoderConfig;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Both sides of a decode benchmark over the same input bytes: our {@link FrameDecoder} and
 * Netty's decoder path. Not thread-safe (one per JMH state).
 *
 * <p>Our decoder runs as our server runs it: with the {@link dev.switchboard.protocol.Masker} the
 * websocket module gives it ({@link AddressMasker}: direct input unmasked through its address).
 *
 * <p><b>Restoring the input.</b> Our decoder unmasks payloads in place, so an input with payload
 * bytes must be restored from a pristine copy before each decode; each side then restores its
 * own input with the same bulk copy, Netty's side too, although it never changes its input. An
 * input whose frames carry no payload (empty frames) is left as it was by a decode, so neither
 * side restores it: the copy would be harness time, not codec time, and for a frame that small
 * it costs as much as a decode. Which case applies is decided once, at setup, by decoding the
 * input with our decoder and comparing it with the pristine copy; the answer holds for both
 * sides alike. ({@code BenchmarksTest} runs every benchmark twice with the same trace, so an
 * input that changed without being restored would fail it.)
 */
final class DecodeSides {

  private final ByteBuffer pristine;
  private final int length;
  /** Whether a decode changes the input, so that both sides restore it before each decode. */
  private final boolean restore;

  private final ByteBuffer ourInput;
  private final FrameDecoder ourDecoder;
  private final ConsumingHandler ourHandler = new ConsumingHandler();

  private final ByteBuffer nettyMemory;
  private final ByteBuf nettyInput;
  private final NettyPeer.DecodePath netty;

  DecodeSides(byte[] input, Opcode type, Trace trace) {
    length = input.length;
    pristine = Inputs.direct(input);
    ourInput = Inputs.direct(input);
    nettyMemory = Inputs.direct(input);
    nettyInput = Unpooled.wrappedBuffer(nettyMemory);
    restore = decodeChangesInput(input);
    ourHandler.trace = trace;
    ourDecoder = new FrameDecoder(DecoderConfig.of(Role.SERVER), ourHandler, AddressMasker.MASKER);
    netty = new NettyPeer.DecodePath(type == Opcode.TEXT);
    netty.sink.trace = trace;
  }

  void ours(Blackhole bh) {
    ourHandler.bh = bh;
    ByteBuffer in = ourInput;
    if (restore) {
      in.put(0, pristine, 0, length);
    }
    in.limit(length).position(0);
    ourDecoder.decode(in);
  }

  void netty(Blackhole bh) throws Exception {
    netty.sink.bh = bh;
    if (restore) {
      nettyMemory.put(0, pristine, 0, length);
    }
    nettyInput.setIndex(0, length);
    netty.decode(nettyInput);
  }

  /** Whether decoding {@code input} with our decoder changes its bytes (it unmasks payloads in place). */
  static boolean decodeChangesInput(byte[] input) {
    ByteBuffer probe = Inputs.direct(input);
    FrameDecoder decoder = new FrameDecoder(DecoderConfig.of(Role.SERVER), new FrameDecoder.Handler() {
      @Override public void onMessageStart(Opcode type, boolean compressed) {}
      @Override public void onMessageData(ByteBuffer payload, boolean last) {}
      @Override public void onPing(ByteBuffer payload) {}
      @Override public void onPong(ByteBuffer payload) {}
      @Override public void onClose(int code, String reason) {}
      @Override public void onError(CloseCode code, String message) {
        throw new IllegalStateException("benchmark input does not decode: " + code + ": " + message);
      }
    }, AddressMasker.MASKER);
    decoder.decode(probe);
    return !probe.flip().equals(Inputs.direct(input));
  }

  /** True if each decode first restores the input on both sides. */
  boolean restores() {
    return restore;
  }

  void close() {
    netty.close();
  }
}
