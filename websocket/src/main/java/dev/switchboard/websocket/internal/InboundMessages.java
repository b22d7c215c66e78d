package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.MessageInflater;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Utf8Validator;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * The data message being received on one connection, from the decoder's chunks to a whole
 * message: assembled when it spans several chunks, inflated when compressed (permessage-deflate)
 * under {@code maxMessageBytes}, inflated text validated as it comes. Confined to the
 * connection's event loop, like the connection that owns it.
 */
final class InboundMessages {

  private final Limits limits;
  private final PerMessageDeflate deflate;
  private final BiConsumer<MessageType, ByteBuffer> deliver;
  private final BiConsumer<CloseCode, String> fail;

  private MessageType type;
  private ByteBuf assembly;
  private boolean compressed;
  private final Utf8Validator inflatedUtf8 = new Utf8Validator();

  // The message being handed to the endpoint right now (null between deliveries): a send of
  // exactly these bytes during the call needs neither a second UTF-8 check nor, when large, a
  // copy (see isDelivering and deliveredOwner). Its buffer index is position + deliveredBase.
  private ByteBuffer delivering;
  private int deliveringPosition;
  private int deliveringLimit;
  private ByteBuf deliveredOwner;
  private int deliveredBase;

  /**
   * @param deflate the connection's permessage-deflate, or null when not negotiated
   * @param deliver takes each whole message; the buffer is borrowed for the call, and text in it
   *     is valid UTF-8 (the decoder checked uncompressed text, this class inflated text)
   * @param fail fails the connection with a close code and reason
   */
  InboundMessages(Limits limits, PerMessageDeflate deflate, BiConsumer<MessageType, ByteBuffer> deliver,
      BiConsumer<CloseCode, String> fail) {
    this.limits = limits;
    this.deflate = deflate;
    this.deliver = deliver;
    this.fail = fail;
  }

  /** A message begins; {@code compressed} is RSV1 of its first frame. */
  void start(Opcode opcode, boolean compressed) {
    type = opcode == Opcode.TEXT ? MessageType.TEXT : MessageType.BINARY;
    this.compressed = compressed;
    inflatedUtf8.reset();
  }

  /**
   * A chunk of the message's payload, the {@code last} one completing it.
   *
   * @param frameRest payload bytes of the chunk's frame still to come (the decoder's {@code
   *     frameRemaining()}), so that a frame spanning several reads is assembled in one buffer of
   *     the right size rather than one that grows (and copies) as the chunks come
   * @param owner the buffer that {@code payload} is a view of, or null if unknown; {@code
   *     payload}'s position {@code p} is {@code owner}'s index {@code p + ownerBase}
   */
  void data(ByteBufAllocator alloc, ByteBuffer payload, boolean last, long frameRest, ByteBuf owner, int ownerBase) {
    if (compressed) {
      inflate(alloc, payload, last);
      return;
    }
    if (assembly == null && last) {
      deliver(payload, owner, ownerBase);
      return;
    }
    if (assembly == null) {
      long wanted = Math.max(1024, payload.remaining() + frameRest);
      assembly = alloc.buffer((int) Math.min(limits.maxMessageBytes(), wanted));
    }
    assembly.writeBytes(payload);
    if (last) {
      deliverAssembly();
    }
  }

  /**
   * Inflates a compressed message's chunk into the assembly, bounded by maxMessageBytes (1009),
   * validating inflated text as it comes (1007 at the first bad byte), and delivers it at the end.
   */
  private void inflate(ByteBufAllocator alloc, ByteBuffer payload, boolean last) {
    if (assembly == null) {
      assembly = alloc.buffer(PerMessageDeflate.INFLATE_CHUNK_BYTES);
    }
    boolean text = type == MessageType.TEXT;
    MessageInflater.Result result = deflate.inflater().inflate(payload, last, limits.maxMessageBytes(), inflated -> {
      if (text && !inflatedUtf8.feed(inflated)) {
        return; // reported below; the rest of this chunk is not kept
      }
      assembly.writeBytes(inflated);
    });
    if (result == MessageInflater.Result.TOO_BIG) {
      fail.accept(CloseCode.MESSAGE_TOO_BIG, "inflated message exceeds maxMessageBytes " + limits.maxMessageBytes());
    } else if (result == MessageInflater.Result.CORRUPT) {
      fail.accept(CloseCode.INVALID_PAYLOAD_DATA, "compressed message is not valid DEFLATE data (RFC 7692 §8)");
    } else if (text && (inflatedUtf8.hasFailed() || (last && !inflatedUtf8.isComplete()))) {
      fail.accept(CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 in text message");
    } else if (last) {
      deliverAssembly();
    }
  }

  private void deliverAssembly() {
    try {
      ByteBuffer whole = assembly.nioBuffer();
      deliver(whole, assembly, assembly.readerIndex() - whole.position());
    } finally {
      release();
    }
  }

  private void deliver(ByteBuffer payload, ByteBuf owner, int ownerBase) {
    delivering = payload;
    deliveringPosition = payload.position();
    deliveringLimit = payload.limit();
    deliveredOwner = owner;
    deliveredBase = ownerBase;
    try {
      deliver.accept(type, payload);
    } finally {
      delivering = null;
      deliveredOwner = null;
    }
  }

  /**
   * Whether {@code buffer} is the message being delivered, of {@code type}, with its bounds as
   * delivered: its bytes are then known (text: already validated). The endpoint contract forbids
   * changing a borrowed buffer's content; its bounds are checked, since a sub-range of valid
   * UTF-8 need not be valid. Call on the connection's loop.
   */
  boolean isDelivering(ByteBuffer buffer, MessageType type) {
    return buffer == delivering && this.type == type
        && buffer.position() == deliveringPosition && buffer.limit() == deliveringLimit;
  }

  /**
   * The buffer holding the message being delivered, or null: valid right after {@link
   * #isDelivering} returned true. Its bytes at {@link #deliveredIndex()} can be retained and
   * written as they are, with no copy.
   */
  ByteBuf deliveredOwner() {
    return deliveredOwner;
  }

  /** The index in {@link #deliveredOwner()} of the delivered message's first byte. */
  int deliveredIndex() {
    return deliveringPosition + deliveredBase;
  }

  /** Drops the message being assembled, if any: the connection failed or closed. */
  void release() {
    if (assembly != null) {
      assembly.release();
      assembly = null;
    }
  }

  /** The text of a complete, already validated UTF-8 message. */
  static String decodeUtf8(ByteBuffer b) {
    if (b.hasArray()) {
      return new String(b.array(), b.arrayOffset() + b.position(), b.remaining(), java.nio.charset.StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[b.remaining()];
    b.get(b.position(), bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
