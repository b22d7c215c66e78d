package dev.switchboard.bench;

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
 * Netty's decoder path. Each decode first restores its side's input from one pristine copy with
 * the same bulk copy, so the comparison stays fair. Not thread-safe (one per JMH state).
 */
final class DecodeSides {

  private final ByteBuffer pristine;
  private final int length;

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
    ourHandler.trace = trace;
    ourDecoder = new FrameDecoder(DecoderConfig.of(Role.SERVER), ourHandler);
    netty = new NettyPeer.DecodePath(type == Opcode.TEXT);
    netty.sink.trace = trace;
  }

  void ours(Blackhole bh) {
    ourHandler.bh = bh;
    ByteBuffer in = ourInput;
    in.put(0, pristine, 0, length);
    in.limit(length).position(0);
    ourDecoder.decode(in);
  }

  void netty(Blackhole bh) throws Exception {
    netty.sink.bh = bh;
    nettyMemory.put(0, pristine, 0, length);
    nettyInput.setIndex(0, length);
    netty.decode(nettyInput);
  }

  void close() {
    netty.close();
  }
}
