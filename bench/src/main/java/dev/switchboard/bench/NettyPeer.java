package dev.switchboard.bench;

import dev.switchboard.protocol.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameMaskGenerator;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Netty 4.2's websocketx codec, driven the way we compare it: by calling its codec methods
 * directly rather than pushing bytes through a pipeline. Not thread-safe.
 *
 * <p>{@link WebSocket08FrameDecoder#decode} and {@link WebSocket08FrameEncoder#encode} are
 * protected; the subclasses here only make them callable. Their {@link ChannelHandlerContext}
 * comes from an {@link EmbeddedChannel} holding the handler, so {@code ctx.alloc()} is the
 * channel's allocator, Netty's default (the adaptive pooling allocator in 4.2), exactly as on a
 * server. What this leaves out of Netty's side is pipeline dispatch and
 * {@code ByteToMessageDecoder}'s cumulation bookkeeping around each call: our side has no such
 * layer either, so the comparison is codec logic against codec logic, and what is left out only
 * flatters Netty. {@link Utf8FrameValidator} is a handler and nothing else, so for text it is
 * invoked as one, with one pipeline hop to the sink behind it.
 */
final class NettyPeer {

  private NettyPeer() {}

  /** The largest frame both decoders accept: our default of 16 MiB. */
  static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /** Netty's encoder with a fixed key, so its masked output can be compared with ours byte for byte. */
  static final WebSocketFrameMaskGenerator FIXED_MASK = () -> Inputs.MASK_KEY;

  /** Makes the protected decode step callable. */
  static final class Decoder extends WebSocket08FrameDecoder {
    Decoder(WebSocketDecoderConfig config) {
      super(config);
    }

    void decodeStep(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      decode(ctx, in, out);
    }
  }

  /** Makes the protected encode step callable. */
  static final class Encoder extends WebSocket08FrameEncoder {
    Encoder(WebSocketFrameMaskGenerator maskGenerator) {
      super(maskGenerator);
    }

    void encodeStep(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) throws Exception {
      encode(ctx, frame, out);
    }
  }

  /**
   * The end of the line for decoded frames: consumes each with a {@link Blackhole} and releases
   * it (unless told not to, for frames a benchmark reuses), as an application handler would.
   */
  static final class Sink extends ChannelInboundHandlerAdapter {
    Blackhole bh;
    Trace trace;
    private final boolean release;

    Sink(boolean release) {
      this.release = release;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      accept((WebSocketFrame) msg);
    }

    void accept(WebSocketFrame frame) {
      ByteBuf content = frame.content();
      bh.consume(content.readableBytes());
      bh.consume(frame.isFinalFragment());
      if (trace != null) {
        Opcode type = frame instanceof TextWebSocketFrame ? Opcode.TEXT
            : frame instanceof BinaryWebSocketFrame ? Opcode.BINARY : Opcode.CONTINUATION;
        trace.frame(type, frame.isFinalFragment(), content.nioBuffer());
      }
      if (release) {
        frame.release();
      }
    }
  }

  /**
   * A server's inbound path: the decoder expecting masked frames, then (for text) the UTF-8
   * validator, then the sink. {@link #decode} loops over one buffer as
   * {@code ByteToMessageDecoder.callDecode} does, one frame per step.
   */
  static final class DecodePath implements AutoCloseable {
    final Sink sink = new Sink(true);
    private final Decoder decoder;
    private final Utf8FrameValidator validator;
    private final EmbeddedChannel channel;
    private final ChannelHandlerContext decoderCtx;
    private final ChannelHandlerContext validatorCtx;
    private final List<Object> out = new ArrayList<>(4);

    DecodePath(boolean validateUtf8) {
      decoder = new Decoder(WebSocketDecoderConfig.newBuilder()
          .expectMaskedFrames(true)
          .allowExtensions(false)
          .maxFramePayloadLength(MAX_FRAME_BYTES)
          .build());
      validator = validateUtf8 ? new Utf8FrameValidator() : null;
      channel = validateUtf8 ? new EmbeddedChannel(decoder, validator, sink) : new EmbeddedChannel(decoder, sink);
      decoderCtx = channel.pipeline().context(decoder);
      validatorCtx = validateUtf8 ? channel.pipeline().context(validator) : null;
    }

    void decode(ByteBuf in) throws Exception {
      while (in.isReadable()) {
        int before = in.readerIndex();
        decoder.decodeStep(decoderCtx, in, out);
        int n = out.size();
        if (n == 0 && in.readerIndex() == before) {
          throw new IllegalStateException("Netty's decoder made no progress: the input holds a partial frame");
        }
        for (int i = 0; i < n; i++) {
          Object frame = out.get(i);
          if (validator != null) {
            validator.channelRead(validatorCtx, frame);
          } else {
            sink.accept((WebSocketFrame) frame);
          }
        }
        out.clear();
      }
    }

    @Override
    public void close() {
      channel.finishAndReleaseAll();
    }
  }
}
