package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Turns bytes into WebSocket events, enforcing every receive-side rule of RFC 6455. Not
 * thread-safe: one decoder per connection, fed from one thread.
 *
 * <p>The frame header, as RFC 6455 §5.2 draws it:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 *
 * <p>Feed bytes with {@link #decode(ByteBuffer)} in any split: a frame may arrive one byte at a
 * time or many frames in one buffer, and the events are the same. Data is streamed: a message's
 * payload reaches the {@link Handler} in chunks as it arrives, already unmasked and (for
 * uncompressed text) UTF-8 validated, without being copied or buffered here. Control frames are
 * delivered whole. Nothing is allocated per frame except a close frame's reason string.
 *
 * <p>Violations move the decoder to a terminal failed state and are reported once through
 * {@link Handler#onError}: {@link CloseCode#PROTOCOL_ERROR} for framing errors,
 * {@link CloseCode#INVALID_PAYLOAD_DATA} for bad UTF-8 (at the chunk holding the first bad byte),
 * {@link CloseCode#MESSAGE_TOO_BIG} for the limits of {@link DecoderConfig}. After a close frame
 * the decoder is closed and ignores further bytes.
 */
public final class FrameDecoder {

  /**
   * Receives the events of one decoder, on the thread that calls {@link #decode}. Buffers passed
   * in are borrowed: their content is valid only during the call, so copy what you keep and do
   * not change position or limit beyond the call.
   */
  public interface Handler {
    /** A data message begins; {@code compressed} is RSV1 of its first frame (permessage-deflate). */
    void onMessageStart(Opcode type, boolean compressed);

    /** The next chunk of the current message, {@code last} on its final chunk (possibly empty). */
    void onMessageData(ByteBuffer payload, boolean last);

    void onPing(ByteBuffer payload);

    void onPong(ByteBuffer payload);

    /**
     * A valid close frame arrived. {@code code} is {@link CloseCode#NO_STATUS_RECEIVED} (1005)
     * when the frame had no body; {@code reason} is the decoded (valid UTF-8) reason, maybe empty.
     */
    void onClose(int code, String reason);

    /** The peer broke the protocol; the decoder has failed and will deliver nothing more. */
    void onError(CloseCode code, String message);
  }

  private enum State {
    HEADER,
    DATA_PAYLOAD,
    CONTROL_PAYLOAD,
    CLOSED,
    FAILED
  }

  private static final int FIN = 0x80;
  private static final int RSV1 = 0x40;
  private static final int RSV_ALL = 0x70;
  private static final int MASK = 0x80;
  // The payload of empty control frames: no capacity, so nothing a handler does can change it.
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final DecoderConfig config;
  private final boolean requireMasked;
  private final boolean forbidMasked;
  private final int allowedRsv;
  private final long maxFramePayloadBytes;
  private final long maxMessageBytes;
  private final Handler handler;
  private final Masker masker;

  private State state = State.HEADER;

  // Header bytes collected across buffers when a header is split; allocated the first time one
  // is (a decoder per connection: an idle connection should not carry buffers it may never use).
  private ByteBuffer header;

  // The frame being read.
  private boolean fin;
  private Opcode opcode;
  private long frameRemaining;
  private boolean masked;
  private int maskKey;
  private int maskOffset;

  // The message being read; messageType is null between messages.
  private Opcode messageType;
  private boolean messageCompressed;
  private long messageBytes;
  private final Utf8Validator utf8 = new Utf8Validator();

  // A control frame's payload, collected when it is split across buffers; allocated the first time.
  private ByteBuffer control;

  /** A decoder that unmasks with {@link Masker#DEFAULT}. */
  public FrameDecoder(DecoderConfig config, Handler handler) {
    this(config, handler, Masker.DEFAULT);
  }

  /** A decoder that unmasks payloads with {@code masker} (see {@link Masker}). */
  public FrameDecoder(DecoderConfig config, Handler handler, Masker masker) {
    if (config == null || handler == null || masker == null) {
      throw new IllegalArgumentException("config, handler and masker must not be null");
    }
    this.config = config;
    this.handler = handler;
    this.masker = masker;
    boolean server = config.role() == Role.SERVER;
    this.requireMasked = server && !config.acceptUnmasked();
    this.forbidMasked = !server;
    this.allowedRsv = config.rsv1Allowed() ? RSV1 : 0;
    this.maxFramePayloadBytes = config.maxFramePayloadBytes();
    this.maxMessageBytes = config.maxMessageBytes();
  }

  public DecoderConfig config() {
    return config;
  }

  /** True once a close frame was decoded or the decoder failed or was stopped. */
  public boolean isTerminated() {
    return state == State.CLOSED || state == State.FAILED;
  }

  /** True if a data message has begun and not yet ended. */
  public boolean isInMessage() {
    return messageType != null;
  }

  /**
   * Payload bytes of the current frame still to come after the chunk being delivered: read it in
   * {@link Handler#onMessageData} (0 on a frame's last chunk). With a frame's FIN bit known from
   * {@code last}, a handler can size a buffer for the rest of a frame that spans several reads.
   */
  public long frameRemaining() {
    return frameRemaining;
  }

  /**
   * Stops decoding for good: later bytes are ignored and no event follows. Call it from a handler
   * when a layer above fails the connection (for example when an inflated message is too big), so
   * that frames behind it in the same buffer are not delivered.
   */
  public void stop() {
    if (state != State.FAILED) {
      state = State.CLOSED;
    }
  }

  /**
   * Decodes all of {@code in}'s remaining bytes, calling the handler for each event. Payloads are
   * unmasked in place, so {@code in} must be writable. On return {@code in} is consumed (position
   * equals limit) unless the decoder terminated part way, in which case the rest is left unread.
   */
  public void decode(ByteBuffer in) {
    if (in.isReadOnly()) {
      throw new IllegalArgumentException("the decoder unmasks in place: pass a writable buffer");
    }
    // Every state needs bytes, so the loop ends when they run out; if-chains rather than an enum
    // switch (which costs a lookup table load per turn: this loop runs once per frame).
    while (in.hasRemaining()) {
      State s = state;
      if (s == State.HEADER) {
        // The whole header is usually here: read its first two bytes once, parse in place (kept
        // in this loop rather than a method of its own, which C2 would compile apart first and
        // then not inline: see docs/benchmarks.md, "Fifth session").
        int pos = in.position();
        int avail = in.limit() - pos;
        int b1;
        int need;
        if (avail >= 2 && (header == null || header.position() == 0)
            && avail >= (need = headerLength(b1 = in.get(pos + 1) & 0xFF))) {
          in.position(pos + need);
          if (!parseHeader(in, pos, in.get(pos) & 0xFF, b1)) {
            return;
          }
        } else if (!readSplitHeader(in)) {
          return;
        }
      } else if (s == State.DATA_PAYLOAD) {
        readData(in);
      } else if (s == State.CONTROL_PAYLOAD) {
        readControl(in);
      } else {
        return;
      }
    }
  }

  /**
   * Reads a header split across buffers (or not all here yet), collecting it in {@code header};
   * false if more bytes are needed. May complete zero-length frames at once.
   */
  private boolean readSplitHeader(ByteBuffer in) {
    if (header == null) {
      header = ByteBuffer.allocate(14);
    }
    while (header.position() < 2 && in.hasRemaining()) {
      header.put(in.get());
    }
    if (header.position() < 2) {
      return false;
    }
    int need = headerLength(header.get(1) & 0xFF);
    while (header.position() < need && in.hasRemaining()) {
      header.put(in.get());
    }
    if (header.position() < need) {
      return false;
    }
    header.clear();
    return parseHeader(header, 0, header.get(0) & 0xFF, header.get(1) & 0xFF);
  }

  private static int headerLength(int second) {
    int len7 = second & 0x7F;
    int n = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    return (second & MASK) != 0 ? n + 4 : n;
  }

  /*
   * The header path runs once per frame, so its methods are kept small enough for the JIT to
   * inline them into decode (a method over 325 bytecodes is called, not inlined): every check is
   * one branch, and the message of a failed check is built in a cold method of its own.
   */

  /**
   * Parses and checks the header at {@code b[p]}, whose first two bytes are {@code b0} and
   * {@code b1}; false if the decoder stopped.
   */
  private boolean parseHeader(ByteBuffer b, int p, int b0, int b1) {
    int len7 = b1 & 0x7F;
    long length = len7;
    int q = p + 2;
    if (len7 >= 126) {
      length = extendedLength(b, q, len7 == 126);
      if (length < 0) {
        return false;
      }
      q += len7 == 126 ? 2 : 8;
    }
    boolean m = (b1 & MASK) != 0;
    int rsv = b0 & RSV_ALL;
    Opcode op = Opcode.fromCode(b0 & 0x0F);
    if ((rsv & ~allowedRsv) != 0 || op == null || (m ? forbidMasked : requireMasked)) {
      return failHeader(b0, m);
    }
    boolean f = (b0 & FIN) != 0;
    // The payload's fields are set only for a payload: an empty frame leaves them alone (its key
    // masks nothing, and frameRemaining is already 0 between frames). Fewer stores per frame.
    if (length != 0) {
      if (m) {
        int key = b.getInt(q);
        maskKey = b.order() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(key) : key;
      }
      masked = m;
      maskOffset = 0;
      frameRemaining = length;
      fin = f;
    }
    if (op.isControl()) {
      fin = f;
      opcode = op;
      return startControl(rsv, length);
    }
    return startData(op, rsv, length, f);
  }

  /** The 16- or 64-bit payload length at {@code b[q]}, or -1 once the decoder failed on it. */
  private long extendedLength(ByteBuffer b, int q, boolean sixteenBits) {
    if (sixteenBits) {
      long length = ((b.get(q) & 0xFF) << 8) | (b.get(q + 1) & 0xFF);
      if (length < 126) {
        fail(CloseCode.PROTOCOL_ERROR, "payload length " + length + " sent in 16 bits; RFC 6455 §5.2 requires the minimal encoding");
        return -1;
      }
      return length;
    }
    long length = b.order() == ByteOrder.LITTLE_ENDIAN ? Long.reverseBytes(b.getLong(q)) : b.getLong(q);
    if (length < 0) {
      fail(CloseCode.PROTOCOL_ERROR, "64-bit payload length has its most significant bit set");
      return -1;
    }
    if (length <= 0xFFFF) {
      fail(CloseCode.PROTOCOL_ERROR, "payload length " + length + " sent in 64 bits; RFC 6455 §5.2 requires the minimal encoding");
      return -1;
    }
    return length;
  }

  /** Fails on the first rule the header's first byte and mask bit break, in the order they are checked. */
  private boolean failHeader(int b0, boolean masked) {
    int rsv = b0 & RSV_ALL;
    if ((rsv & ~allowedRsv) != 0) {
      return fail(CloseCode.PROTOCOL_ERROR, "reserved bits 0x" + Integer.toHexString(rsv >> 4) + " set but no extension negotiated them");
    }
    if (Opcode.fromCode(b0 & 0x0F) == null) {
      return fail(CloseCode.PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(b0 & 0x0F));
    }
    if (masked) {
      return fail(CloseCode.PROTOCOL_ERROR, "frames from a server must not be masked (RFC 6455 §5.1)");
    }
    return fail(CloseCode.PROTOCOL_ERROR, "frames from a client must be masked (RFC 6455 §5.1)");
  }

  private boolean startControl(int rsv, long length) {
    if (!fin || length > 125 || rsv != 0) {
      return failControl(rsv, length);
    }
    if (control != null) {
      control.clear();
    }
    if (length == 0) {
      completeControl(EMPTY, 0, 0);
      return state == State.HEADER;
    }
    state = State.CONTROL_PAYLOAD;
    return true;
  }

  private boolean failControl(int rsv, long length) {
    if (!fin) {
      return fail(CloseCode.PROTOCOL_ERROR, "control frame " + opcode + " is fragmented (RFC 6455 §5.5)");
    }
    if (length > 125) {
      return fail(CloseCode.PROTOCOL_ERROR, "control frame " + opcode + " has " + length + " payload bytes; the limit is 125 (RFC 6455 §5.5)");
    }
    return fail(CloseCode.PROTOCOL_ERROR, "RSV1 set on control frame " + opcode);
  }

  /** Starts a data frame whose {@link #fin} is {@code f} (the field is set only if it has a payload). */
  private boolean startData(Opcode op, int rsv, long length, boolean f) {
    boolean continuation = op == Opcode.CONTINUATION;
    if (continuation ? messageType == null || rsv != 0 : messageType != null) {
      return failSequence(op);
    }
    long total = (continuation ? messageBytes : 0) + length;
    if (length > maxFramePayloadBytes || total > maxMessageBytes) {
      return failTooBig(length, total);
    }
    if (!continuation) {
      messageType = op;
      boolean compressed = rsv != 0;
      messageCompressed = compressed;
      if (op == Opcode.TEXT) {
        utf8.reset(); // only uncompressed text is validated here (checksUtf8)
      }
      handler.onMessageStart(op, compressed);
      if (state != State.HEADER) {
        return false; // stopped by the handler
      }
    }
    if (length == 0) {
      if (f) {
        endMessageWithEmptyChunk(); // the message's byte count is not needed after its end
      } else {
        messageBytes = total;
      }
      return state == State.HEADER;
    }
    messageBytes = total;
    state = State.DATA_PAYLOAD;
    return true;
  }

  private boolean failSequence(Opcode op) {
    if (op != Opcode.CONTINUATION) {
      return fail(CloseCode.PROTOCOL_ERROR, op + " frame started a new message before the " + messageType + " message was finished");
    }
    if (messageType == null) {
      return fail(CloseCode.PROTOCOL_ERROR, "continuation frame with no message to continue");
    }
    return fail(CloseCode.PROTOCOL_ERROR, "RSV1 set on a continuation frame; only a message's first frame may carry it");
  }

  private boolean failTooBig(long length, long total) {
    if (length > maxFramePayloadBytes) {
      return fail(CloseCode.MESSAGE_TOO_BIG, "frame of " + length + " bytes exceeds maxFramePayloadBytes " + maxFramePayloadBytes);
    }
    return fail(CloseCode.MESSAGE_TOO_BIG, "message of at least " + total + " bytes exceeds maxMessageBytes " + maxMessageBytes);
  }

  private void endMessageWithEmptyChunk() {
    if (checksUtf8() && !utf8.isComplete()) {
      fail(CloseCode.INVALID_PAYLOAD_DATA, "text message ends inside a UTF-8 sequence");
      return;
    }
    messageType = null;
    handler.onMessageData(EMPTY, true);
  }

  private boolean checksUtf8() {
    return messageType == Opcode.TEXT && !messageCompressed;
  }

  private void readData(ByteBuffer in) {
    int pos = in.position();
    int limit = in.limit();
    int n = (int) Math.min(limit - pos, frameRemaining);
    int end = pos + n;
    if (masked) {
      maskOffset = masker.maskInPlace(in, pos, end, maskKey, maskOffset);
    }
    frameRemaining -= n;
    boolean frameDone = frameRemaining == 0;
    boolean last = frameDone && fin;
    if (checksUtf8()) {
      if (!utf8.feed(in, pos, end)) {
        fail(CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 in text message");
        return;
      }
      if (last && !utf8.isComplete()) {
        fail(CloseCode.INVALID_PAYLOAD_DATA, "text message ends inside a UTF-8 sequence");
        return;
      }
    }
    if (frameDone) {
      state = State.HEADER;
      if (fin) {
        messageType = null;
      }
    }
    in.limit(end);
    try {
      handler.onMessageData(in, last);
    } finally {
      in.limit(limit);
      in.position(end);
    }
  }

  private void readControl(ByteBuffer in) {
    int pos = in.position();
    if ((control == null || control.position() == 0) && in.limit() - pos >= frameRemaining) {
      // Whole payload is here: deliver it in place.
      int end = pos + (int) frameRemaining;
      in.position(end);
      frameRemaining = 0;
      completeControl(in, pos, end);
      return;
    }
    if (control == null) {
      control = ByteBuffer.allocate(125);
    }
    int n = (int) Math.min(in.remaining(), frameRemaining);
    for (int i = 0; i < n; i++) {
      control.put(in.get());
    }
    frameRemaining -= n;
    if (frameRemaining == 0) {
      completeControl(control, 0, control.position());
    }
  }

  /** Handles a complete control payload at {@code buf[from, to)}. */
  private void completeControl(ByteBuffer buf, int from, int to) {
    if (masked && to > from) {
      masker.maskInPlace(buf, from, to, maskKey, 0);
    }
    state = State.HEADER;
    int oldPos = buf.position();
    int oldLimit = buf.limit();
    try {
      switch (opcode) {
        case PING:
          buf.limit(to).position(from);
          handler.onPing(buf);
          break;
        case PONG:
          buf.limit(to).position(from);
          handler.onPong(buf);
          break;
        default:
          completeClose(buf, from, to);
          break;
      }
    } finally {
      buf.limit(oldLimit).position(oldPos);
    }
  }

  private void completeClose(ByteBuffer buf, int from, int to) {
    int len = to - from;
    if (len == 0) {
      state = State.CLOSED;
      handler.onClose(CloseCode.NO_STATUS_RECEIVED.code(), "");
      return;
    }
    if (len == 1) {
      fail(CloseCode.PROTOCOL_ERROR, "close frame with a 1-byte payload; a status code takes 2 bytes");
      return;
    }
    int code = ((buf.get(from) & 0xFF) << 8) | (buf.get(from + 1) & 0xFF);
    if (!CloseCode.isValidOnWire(code)) {
      fail(CloseCode.PROTOCOL_ERROR, "close code " + code + " is not allowed on the wire (RFC 6455 §7.4)");
      return;
    }
    Utf8Validator reasonUtf8 = new Utf8Validator(); // once per connection at most
    if (!reasonUtf8.feed(buf, from + 2, to) || !reasonUtf8.isComplete()) {
      fail(CloseCode.INVALID_PAYLOAD_DATA, "close reason is not valid UTF-8");
      return;
    }
    String reason = "";
    if (len > 2) {
      byte[] bytes = new byte[len - 2];
      buf.get(from + 2, bytes);
      reason = new String(bytes, StandardCharsets.UTF_8);
    }
    state = State.CLOSED;
    handler.onClose(code, reason);
  }

  private boolean fail(CloseCode code, String message) {
    state = State.FAILED;
    messageType = null;
    handler.onError(code, message);
    return false;
  }

  @Override
  public String toString() {
    return "FrameDecoder[" + state + ", role=" + config.role()
        + (messageType != null ? ", in " + messageType + " message of " + messageBytes + " bytes" : "")
        + "]";
  }
}
