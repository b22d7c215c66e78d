package dev.switchboard.cli.load;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DecoderConfig;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.Handshake;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket client connection of the load tool, on a raw Netty channel: it writes the opening
 * handshake itself, then decodes frames with our {@link FrameDecoder} and checks each message with
 * a {@link Payloads.Check}. Confined to its channel's event loop, like all its state; not
 * thread-safe.
 *
 * <p>The hot path allocates nothing: reads are copied into a per-thread scratch array (so the
 * payload check can compare arrays with an intrinsic), and sends copy pre-encoded frames into one
 * pooled buffer per read batch.
 */
public final class LoadConnection extends ChannelInboundHandlerAdapter implements FrameDecoder.Handler {

  /** What a mode does with a connection's events; called on the connection's event loop. */
  public interface Listener {
    /** The opening handshake completed. */
    void onOpen(LoadConnection c);

    /** A whole message arrived; {@code intact} says whether its payload passed the check. */
    void onMessage(LoadConnection c, Payloads.Check message, boolean intact);

    /** The end of one read batch: the moment to send what the batch asked for, in one write. */
    void onReadComplete(LoadConnection c);

    /** The connection failed or closed; {@code reason} says why. Called at most once. */
    void onClosed(LoadConnection c, String reason);
  }

  private static final int SCRATCH_BYTES = 64 * 1024;
  private static final FastThreadLocal<ByteBuffer> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected ByteBuffer initialValue() {
      return ByteBuffer.allocate(SCRATCH_BYTES);
    }
  };

  /**
   * Replies may be masked or not: a client-role decoder would refuse masked frames, which is what
   * the raw TCP echo (the ceiling) sends back. Decoding as a server that accepts unmasked frames
   * takes both; every payload is checked anyway.
   */
  static final DecoderConfig RECEIVE = DecoderConfig.of(Role.SERVER).withAcceptUnmasked(true);

  private final String host;
  private final String path;
  private final Payloads payloads;
  private final Listener listener;
  private final Payloads.Check check;
  private final String key = Handshake.generateKey(ThreadLocalRandom.current());

  private Channel channel;
  private ByteBuf response; // the handshake response, until complete
  private FrameDecoder decoder;
  private boolean closed;
  private boolean inMessage;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();

  /** The next sequence number this connection sends. */
  long nextSendSeq;
  /** Messages this connection expects to receive next (the receiver's sequence, mode-defined). */
  long nextReceiveSeq;
  /** Replies owed, sent at the end of the read batch (echo mode). */
  int owed;
  /** The loop-local statistics this connection adds to. */
  LoopStats stats;

  LoadConnection(String host, String path, Payloads payloads, Listener listener) {
    this.host = host;
    this.path = path;
    this.payloads = payloads;
    this.listener = listener;
    this.check = payloads.newCheck();
  }

  public Channel channel() {
    return channel;
  }

  /** Completes when the handshake is done; fails with the reason if the connection fails first. */
  public CompletableFuture<Void> openFuture() {
    return opened;
  }

  /** Runs {@code task} on this connection's event loop. */
  public void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  /** Messages sent and not yet answered, as the mode counts answers. */
  public long inFlight() {
    return nextSendSeq - nextReceiveSeq;
  }

  public boolean isOpen() {
    return decoder != null && !closed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    String request = "GET " + path + " HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: " + Handshake.VERSION + "\r\n\r\n";
    response = ctx.alloc().heapBuffer(256);
    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(request.getBytes(StandardCharsets.US_ASCII)), ctx.voidPromise());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      if (decoder == null && !readHandshake(in)) {
        return;
      }
      ByteBuffer scratch = SCRATCH.get();
      while (in.isReadable() && !closed) {
        int n = Math.min(in.readableBytes(), SCRATCH_BYTES);
        scratch.clear();
        in.readBytes(scratch.array(), 0, n);
        scratch.limit(n);
        decoder.decode(scratch);
      }
    } finally {
      in.release();
    }
  }

  /** Collects the handshake response; true once it is complete and accepted. */
  private boolean readHandshake(ByteBuf in) {
    response.writeBytes(in, Math.min(in.readableBytes(), 8192 - response.readableBytes()));
    int end = indexOfBlankLine(response);
    if (end < 0) {
      if (response.readableBytes() >= 8192) {
        fail("handshake response over 8 KiB without an end");
      }
      return false;
    }
    String head = response.toString(0, end, StandardCharsets.ISO_8859_1);
    int consumed = end + 4;
    int extra = response.readableBytes() - consumed; // frames that came with the response
    in.readerIndex(in.readerIndex() - extra);
    response.release();
    response = null;
    String problem = checkResponse(head, key);
    if (problem != null) {
      fail(problem);
      return false;
    }
    decoder = new FrameDecoder(RECEIVE, this);
    listener.onOpen(this);
    opened.complete(null);
    return true;
  }

  /** Null if {@code head} (status line and headers) accepts the upgrade for {@code key}, else why not. */
  static String checkResponse(String head, String key) {
    String[] lines = head.split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 101")) {
      return "server refused the upgrade: " + lines[0];
    }
    String expected = Handshake.acceptKey(key);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
        String accept = lines[i].substring(colon + 1).trim();
        return accept.equals(expected) ? null : "wrong Sec-WebSocket-Accept: " + accept + ", expected " + expected;
      }
    }
    return "no Sec-WebSocket-Accept in the server's 101 response";
  }

  private static int indexOfBlankLine(ByteBuf b) {
    for (int i = b.readerIndex(); i + 3 < b.writerIndex(); i++) {
      if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r' && b.getByte(i + 3) == '\n') {
        return i - b.readerIndex();
      }
    }
    return -1;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (decoder != null && !closed) {
      listener.onReadComplete(this);
    }
  }

  /** Sends the next {@code n} messages of this connection's sequence in one write and flush. */
  public void send(int n) {
    if (n <= 0 || closed) {
      return;
    }
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      bytes += payloads.frameBytes(nextSendSeq + i);
    }
    ByteBuf out = channel.alloc().directBuffer(bytes);
    long now = System.nanoTime();
    for (int i = 0; i < n; i++) {
      payloads.writeFrame(out, nextSendSeq++, now);
    }
    channel.writeAndFlush(out, channel.voidPromise());
  }

  @Override
  public void onMessageStart(Opcode type, boolean compressed) {
    inMessage = true;
    check.begin();
  }

  @Override
  public void onMessageData(ByteBuffer payload, boolean last) {
    check.data(payload);
    if (last) {
      inMessage = false;
      listener.onMessage(this, check, check.end());
    }
  }

  @Override
  public void onPing(ByteBuffer payload) {
    // The peers never ping during a run; a pong is not needed to keep them open.
  }

  @Override
  public void onPong(ByteBuffer payload) {}

  @Override
  public void onClose(int code, String reason) {
    fail("server closed with " + code + (reason.isEmpty() ? "" : " " + reason));
  }

  @Override
  public void onError(CloseCode code, String message) {
    fail("protocol error from server (" + code + "): " + message);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause.toString());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (response != null) {
      response.release();
      response = null;
    }
    fail(decoder == null ? "connection closed during the handshake" : "connection closed by the server");
  }

  /** Closes the connection; the listener hears {@code reason} once. */
  void fail(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    if (decoder != null) {
      decoder.stop();
    }
    opened.completeExceptionally(new IllegalStateException(reason));
    listener.onClosed(this, reason);
    if (channel != null) {
      channel.close();
    }
  }

  /** Closes without a close handshake: the run is over, the server sees the TCP close. */
  void close() {
    if (!closed) {
      closed = true;
      if (decoder != null) {
        decoder.stop();
      }
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "LoadConnection[" + (channel == null ? "unconnected" : channel.localAddress()) + " " + path
        + (decoder == null ? " handshaking" : closed ? " closed" : " open") + " sent=" + nextSendSeq
        + " inMessage=" + inMessage + "]";
  }
}
