package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.DeflateAgreement;
import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.MessageDeflater;
import dev.switchboard.protocol.MessageInflater;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * permessage-deflate on one connection (RFC 7692): a compressor reused for every message sent
 * and a bounded inflater for every message received. Confined to the connection's event loop,
 * since both keep context from message to message.
 */
public final class PerMessageDeflate {

  /** Output piece handed from the inflater to the message being assembled. */
  static final int INFLATE_CHUNK_BYTES = 16 * 1024;

  private final DeflateAgreement agreement;
  private final DeflateConfig config;
  private final String header;
  private final MessageDeflater deflater;
  private final MessageInflater inflater;

  /**
   * @param header the server's Sec-WebSocket-Extensions answer that agreed to it, for {@link
   *     dev.switchboard.websocket.Session#extensions()}
   */
  public PerMessageDeflate(Role role, DeflateAgreement agreement, DeflateConfig config, String header) {
    this.agreement = agreement;
    this.config = config;
    this.header = header;
    Role peer = role == Role.SERVER ? Role.CLIENT : Role.SERVER;
    this.deflater = new MessageDeflater(
        config.compressionLevel(), agreement.noContextTakeover(role), agreement.maxWindowBits(role));
    this.inflater = new MessageInflater(INFLATE_CHUNK_BYTES, agreement.noContextTakeover(peer));
  }

  public DeflateAgreement agreement() {
    return agreement;
  }

  /** The Sec-WebSocket-Extensions answer that agreed to it. */
  String header() {
    return header;
  }

  /** Whether a message of {@code length} bytes is worth compressing. */
  boolean compresses(int length) {
    return length >= config.thresholdBytes();
  }

  MessageInflater inflater() {
    return inflater;
  }

  /**
   * One final frame holding {@code payload} (not consumed): compressed with RSV1 set, or as it is
   * when compressing does not make it smaller. The payload is compressed straight into the frame
   * buffer behind room for the longest header, and the header is then written right before it.
   */
  ByteBuf encode(ByteBufAllocator alloc, Opcode opcode, ByteBuffer payload, boolean mask) {
    return encode(alloc, deflater, opcode, payload, mask);
  }

  /** As {@link #encode(ByteBufAllocator, Opcode, ByteBuffer, boolean)}, with a given compressor. */
  static ByteBuf encode(ByteBufAllocator alloc, MessageDeflater deflater, Opcode opcode, ByteBuffer payload,
      boolean mask) {
    int size = payload.remaining();
    int max = MessageDeflater.maxCompressedLength(size);
    int start = FrameEncoder.MAX_HEADER_BYTES;
    ByteBuf frame = alloc.buffer(start + max);
    try {
      ByteBuffer dst = frame.nioBuffer(start, max);
      int length = deflater.compress(payload.duplicate(), dst);
      boolean compressed = length < size;
      if (!compressed) {
        // Incompressible (noise, or media compressed already): DEFLATE's stored blocks make it a
        // little longer, enough for a message at the peer's size limit to cross it. RSV1 is per
        // message (RFC 7692 §6), so it goes out as it is; the peer's inflater never sees it, so
        // our compressor must forget it too.
        deflater.reset();
        frame.setBytes(start, payload.duplicate());
        length = size;
      }
      int headerStart = start - FrameEncoder.headerLength(length, mask);
      Frames.setHeader(frame, headerStart, true, compressed, opcode, length, mask);
      frame.setIndex(headerStart, start + length);
      if (mask) {
        Frames.maskPayload(frame, start, length);
      }
      return frame;
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
  }

  /**
   * Whether a message this side compresses may be shared with other connections: true when our
   * compressor keeps no context between messages (RFC 7692 §7.1.1), so its output depends only
   * on the message, the level and the window.
   */
  boolean compressesWithoutContext(Role role) {
    return agreement.noContextTakeover(role);
  }

  /** The window our compressor uses, 8-15. */
  int windowBits(Role role) {
    return agreement.maxWindowBits(role);
  }

  DeflateConfig config() {
    return config;
  }

  /** Frees the native zlib memory; call once, on the loop, when the connection ends. */
  void close() {
    deflater.close();
    inflater.close();
  }
}
