package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DecoderConfig;
import dev.switchboard.protocol.EncoderConfig;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.ProtocolViolationException;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection on a Netty channel, after the opening handshake: the connection
 * state machine, the bridge from bytes to the codec and from the codec to the {@link Endpoint}.
 *
 * <p>Thread confinement: every field below is read and written on the channel's event loop only,
 * except {@link #state} (volatile, for {@link #readyState()}), {@link #membership} and {@link
 * #attachment} (volatile), and {@link #outbound} (volatile: the first send, from any thread,
 * makes it with a CAS). Public methods called from other threads hop onto the loop. The send
 * path (framing, the send buffer and its accounting, batching, flushing) is {@link Outbound}.
 * Channel events arrive through {@link ChannelEvents}: from a {@link SessionHandler}, or from the
 * pipeline's tail on a {@link CompactEpollSocketChannel}.
 *
 * <p>States and transitions (RFC 6455 §7):
 *
 * <pre>
 * OPEN           --close()-->           CLOSE_SENT      (our close frame written, timer armed)
 * OPEN           --close frame in-->    CLOSE_RECEIVED  (echo written; server then drops TCP)
 * CLOSE_SENT     --close frame in-->    CLOSED-pending  (server drops TCP; client waits for it)
 * OPEN           --protocol error-->    close frame with 1002/1007/1009 written, our half of TCP shut
 *                                       down, input drained until the peer closes or closeTimeout
 * any            --TCP closed-->        CLOSED          (onClose fires exactly once)
 * </pre>
 */
public final class NettyConnection implements Session, FrameDecoder.Handler, ChannelEvents {

  private static final Logger log = LoggerFactory.getLogger(NettyConnection.class);

  enum State {
    OPEN(ReadyState.OPEN),
    CLOSE_SENT(ReadyState.CLOSING),
    CLOSE_RECEIVED(ReadyState.CLOSING),
    CLOSED(ReadyState.CLOSED);

    final ReadyState ready;

    State(ReadyState ready) {
      this.ready = ready;
    }
  }

  private static final VarHandle CLOSE_FUTURE;
  private static final VarHandle OUTBOUND;

  static {
    try {
      CLOSE_FUTURE = MethodHandles.lookup().findVarHandle(NettyConnection.class, "closeFuture", CompletableFuture.class);
      OUTBOUND = MethodHandles.lookup().findVarHandle(NettyConnection.class, "outbound", Outbound.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean client;
  private final Endpoint endpoint;
  private final Limits limits;
  private final URI uri;
  private final String protocol;
  private final Channel channel;
  // Made at the first bytes read (an idle session that never receives a frame has none).
  private FrameDecoder decoder;
  private final boolean acceptUnmasked;
  private final boolean mask;
  // The send path, made at the first send or read (an idle session has none); see outbound().
  private volatile Outbound outbound;

  private volatile State state = State.OPEN;
  private volatile Object attachment;
  // Made when first asked for, or at the close (24 bytes an idle session need not hold).
  private volatile CompletableFuture<CloseEvent> closeFuture;

  private boolean opened;

  // Idle connections carry only what they need: the inbound message state, the queue behind a
  // fragmented send, the timers and the topic membership are allocated on first use (or never,
  // when their limit is off), so that an idle session costs a few hundred bytes (docs/benchmarks.md).

  // The data message being received, assembled and inflated there; null until the first message.
  private InboundMessages inbound;
  // During decode: the buffer being read and the offset from its NIO view's positions to its
  // indices (null when the decoder reads a copy), so that a delivered message can be echoed uncopied.
  private ByteBuf reading;
  private int readingBase;

  // Close handshake (its codes, reasons, failure and timer are in extras).
  private boolean closeSent;
  private boolean closeReceived;
  // The rarely needed state: made at the close, or at the start with a heartbeat or idle timeout.
  private SessionExtras extras;

  // permessage-deflate, when negotiated.
  private final PerMessageDeflate deflate;

  // Topics (server sessions only): the loop's subscriber table, and what this session joined
  // there (created at the first subscribe; volatile for the queries from other threads).
  private Topics.Loop topicsTable;
  private volatile TopicMembership membership;

  /** A connection that negotiated permessage-deflate when {@code deflate} is not null. */
  public NettyConnection(Role role, Channel channel, Endpoint endpoint, Limits limits, URI uri, String protocol,
      Object attachment, PerMessageDeflate deflate) {
    this(role, channel, endpoint, limits, uri, protocol, attachment, deflate, false);
  }

  /**
   * With {@code unmaskedFrames}, RFC 6455 §5.1 is relaxed for trusted peers: a client sends
   * unmasked frames ({@link EncoderConfig#sendUnmasked()}), a server accepts them besides masked
   * ones ({@link DecoderConfig#acceptUnmasked()}).
   */
  public NettyConnection(Role role, Channel channel, Endpoint endpoint, Limits limits, URI uri, String protocol,
      Object attachment, PerMessageDeflate deflate, boolean unmaskedFrames) {
    this.client = role == Role.CLIENT;
    this.deflate = deflate;
    this.channel = channel;
    this.endpoint = endpoint;
    this.limits = limits;
    this.uri = uri;
    this.protocol = protocol == null ? "" : protocol;
    this.attachment = attachment;
    channel.config().setWriteBufferWaterMark(Outbound.waterMark(limits));
    this.mask = EncoderConfig.of(role).withSendUnmasked(unmaskedFrames && role == Role.CLIENT).masks();
    this.acceptUnmasked = unmaskedFrames && role == Role.SERVER;
    // Heartbeat pings, through the client's scheduler when it has one.
    if (!limits.pingInterval().isZero()) {
      extras().keepAlive = new KeepAlive(limits, Timers.of(channel),
        () -> outbound().writeControl(Opcode.PING, ByteBuffer.allocate(0), null), this::heartbeatTimedOut);
    }
    if (!limits.idleTimeout().isZero()) {
      extras().idle = new IdleTimer(limits.idleTimeout(),
          () -> close(CloseCode.GOING_AWAY.code(), "idle timeout"));
    }
  }

  /** Makes this server session able to subscribe to topics; call before {@link #open()}. */
  void attachTopics(Topics.Loop topics) {
    this.topicsTable = topics;
  }

  /** On the loop: the membership, created at the first subscribe. */
  private TopicMembership membership() {
    TopicMembership m = membership;
    if (m == null) {
      m = new TopicMembership(topicsTable, this, Topics.sharedWindowBits(deflate));
      membership = m;
    }
    return m;
  }

  /** On the loop: the frame decoder, created at the first bytes read (or when stopped unused). */
  private FrameDecoder decoder() {
    FrameDecoder d = decoder;
    if (d == null) {
      DecoderConfig config = Frames.decoderConfig(client ? Role.CLIENT : Role.SERVER, limits, deflate != null, acceptUnmasked);
      d = new FrameDecoder(config, this, Frames.MASKER);
      decoder = d;
    }
    return d;
  }

  /** On the loop: the inbound message state, created at the first data message. */
  private InboundMessages inbound() {
    InboundMessages in = inbound;
    if (in == null) {
      in = new InboundMessages(limits, deflate, this::deliver, this::onError);
      inbound = in;
    }
    return in;
  }

  /** The rarely needed state, made now if not yet (in the constructor, or on the loop). */
  private SessionExtras extras() {
    SessionExtras x = extras;
    if (x == null) {
      x = new SessionExtras();
      extras = x;
    }
    return x;
  }

  /** Records {@code cause} as the failure unless there is one already. */
  private void failedBy(Throwable cause) {
    SessionExtras x = extras();
    if (x.failure == null) {
      x.failure = cause;
    }
  }

  /** The send path, made at the first call from any thread. */
  Outbound outbound() {
    Outbound o = outbound;
    return o != null ? o : newOutbound();
  }

  private Outbound newOutbound() {
    // Where frames are written: our handler's context, or the pipeline itself when the events come
    // from its tail (no handler of ours; also once the handler was removed).
    ChannelOutboundInvoker w = channel.pipeline().context(SessionHandler.class);
    if (w == null) {
      w = channel.pipeline();
    }
    Outbound o = new Outbound(this, channel, w, mask, deflate);
    return OUTBOUND.compareAndSet(this, null, o) ? o : outbound;
  }

  private void releaseInbound() {
    if (inbound != null) {
      inbound.release();
    }
  }

  // ---------------------------------------------------------------- Netty events

  /** Its handler was taken out of the pipeline (the channel closed, or the handler was removed). */
  void detached() {
    releaseInbound();
    Outbound o = outbound;
    if (o != null) {
      o.dropBatch();
    }
  }

  /** Starts the session: called on the loop once the handler is in the pipeline and the 101 is out. */
  public void open() {
    opened = true;
    SessionExtras x = extras;
    if (state == State.OPEN && x != null) {
      if (x.keepAlive != null) {
        x.keepAlive.start();
      }
      if (x.idle != null) {
        x.idle.start(channel.eventLoop());
      }
    }
    callEndpoint(() -> endpoint.onOpen(this));
  }

  // ---------------------------------------------------------------- channel events

  @Override
  public void onChannelRead(Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg); // e.g. the empty LastHttpContent behind a 101
      return;
    }
    ByteBuf buf = (ByteBuf) msg;
    outbound().readStarted();
    SessionExtras x = extras;
    if (x != null) {
      if (x.keepAlive != null) {
        x.keepAlive.frameReceived();
      }
      if (x.idle != null) {
        x.idle.read();
      }
    }
    try {
      if (buf.isReadable() && !decoder().isTerminated()) {
        // The buffer's own cached NIO view, not a new one per read: it is ours until released below.
        ByteBuffer nio = buf.nioBufferCount() == 1 ? buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes()) : null;
        if (nio == null || nio.isReadOnly()) {
          byte[] copy = ByteBufUtil.getBytes(buf);
          nio = ByteBuffer.wrap(copy);
        } else {
          reading = buf;
          readingBase = buf.readerIndex() - nio.position();
        }
        decoder.decode(nio);
      }
    } finally {
      reading = null;
      buf.release();
    }
  }

  @Override
  public void onChannelReadComplete() {
    Outbound o = outbound;
    if (o != null) {
      o.readComplete();
    }
  }

  @Override
  public void onWritabilityChanged() {
    if (channel.isWritable() && state == State.OPEN) {
      callEndpoint(() -> endpoint.onWritable(this));
    }
  }

  @Override
  public void onException(Throwable cause) {
    failedBy(cause);
    if (!(cause instanceof IOException)) {
      log.debug("{}: unexpected exception", this, cause);
    }
    notifyError(cause);
    channel.close();
  }

  @Override
  public void onChannelInactive() {
    terminate();
  }

  // ---------------------------------------------------------------- codec events

  @Override
  public void onMessageStart(Opcode type, boolean compressed) {
    inbound().start(type, compressed);
  }

  @Override
  public void onMessageData(ByteBuffer payload, boolean last) {
    if (state != State.OPEN && state != State.CLOSE_SENT) {
      releaseInbound();
      return;
    }
    // After our close frame the peer may still send what it had queued before it saw ours
    // (RFC 6455 §7.1): that data was accepted, so it is delivered, not dropped. A connection we
    // failed has stopped its decoder, so nothing arrives here then.
    inbound().data(channel.alloc(), payload, last, decoder.frameRemaining(), reading, readingBase);
  }

  private void deliver(MessageType type, ByteBuffer payload) {
    try { // not callEndpoint: no lambda per message
      if (type == MessageType.TEXT) {
        endpoint.onTextUtf8(this, payload);
      } else {
        endpoint.onBinary(this, payload);
      }
    } catch (Throwable t) {
      endpointThrew(t);
    }
  }

  @Override
  public void onPing(ByteBuffer payload) {
    if (state == State.OPEN) {
      outbound().writeControl(Opcode.PONG, payload, null);
    }
    callEndpoint(() -> endpoint.onPing(this, payload));
  }

  @Override
  public void onPong(ByteBuffer payload) {
    callEndpoint(() -> endpoint.onPong(this, payload));
  }

  @Override
  public void onClose(int code, String reason) {
    closeReceived = true;
    SessionExtras x = extras();
    x.receivedCode = code;
    x.receivedReason = reason;
    releaseInbound();
    if (state == State.OPEN) {
      x.remoteInitiated = true;
      state = State.CLOSE_RECEIVED;
      // Echo the peer's code (RFC 6455 §5.5.1); an empty close is answered with an empty one.
      byte[] body = code == CloseCode.NO_STATUS_RECEIVED.code() ? new byte[0] : FrameEncoder.closePayload(code, "");
      x.sentCode = code;
      writeClose(body).addListener(f -> closeTransportAfterHandshake());
    } else if (state == State.CLOSE_SENT) {
      state = State.CLOSE_RECEIVED;
      closeTransportAfterHandshake();
    }
  }

  @Override
  public void onError(CloseCode code, String message) {
    failWith(code, new ProtocolViolationException(code, message), message);
  }

  /** Fails the connection: a close frame with {@code code} if none was sent, then TCP is dropped. */
  private void failWith(CloseCode code, Throwable cause, String reason) {
    decoder().stop();
    releaseInbound();
    failedBy(cause);
    notifyError(cause);
    if (!closeSent && channel.isActive()) {
      state = State.CLOSE_SENT;
      SessionExtras x = extras;
      x.failedWithClose = true;
      x.sentCode = code.code();
      x.sentReason = Frames.truncateReason(reason);
      writeClose(FrameEncoder.closePayload(x.sentCode, x.sentReason)).addListener(this::lingerAfterFailure);
      flushNow();
    } else {
      channel.close();
    }
  }

  /**
   * After the close frame that fails the connection: shut down our half of TCP and drop what the
   * peer still sends until it closes its half or {@link Limits#closeTimeout()} passes. Closing at
   * once makes the kernel answer bytes still arriving with a reset, and a peer still sending (a
   * message over our limit, typically) then loses our close frame and sees 1006, not 1009.
   */
  private void lingerAfterFailure(Future<? super Void> written) {
    if (written.isSuccess() && channel instanceof DuplexChannel && channel.isActive()) {
      channel.config().setAutoRead(true);
      ((DuplexChannel) channel).shutdownOutput();
      armCloseTimer();
    } else {
      channel.close();
    }
  }

  /** After both close frames: a server drops TCP at once, a client gives the server time to. */
  private void closeTransportAfterHandshake() {
    if (!client) {
      channel.close();
    } else {
      armCloseTimer();
    }
  }

  // ---------------------------------------------------------------- Session: sending

  @Override
  public CompletableFuture<Void> sendText(CharSequence text) {
    return outbound().sendText(text);
  }

  @Override
  public CompletableFuture<Void> sendText(ByteBuffer utf8) {
    return outbound().send(Opcode.TEXT, utf8, passedBackText(utf8));
  }

  @Override
  public boolean offerText(ByteBuffer utf8) {
    return outbound().offer(Opcode.TEXT, utf8, passedBackText(utf8));
  }

  /** {@link #passedBack} for text; text that is not passed back is checked to be UTF-8 here. */
  private InboundMessages passedBackText(ByteBuffer utf8) {
    InboundMessages passedBack = passedBack(utf8, MessageType.TEXT);
    if (passedBack == null) {
      Frames.requireUtf8(utf8);
    }
    return passedBack;
  }

  @Override
  public CompletableFuture<Void> sendBinary(ByteBuffer data) {
    return outbound().send(Opcode.BINARY, data, passedBack(data, MessageType.BINARY));
  }

  @Override
  public boolean offerBinary(ByteBuffer data) {
    return outbound().offer(Opcode.BINARY, data, passedBack(data, MessageType.BINARY));
  }

  /**
   * This connection's inbound state if {@code data} is the message it is delivering right now,
   * unchanged, sent back from the endpoint's callback on the loop (an echo): text then needs no
   * second UTF-8 check, and a large message can be written from the buffer it arrived in.
   * Otherwise null.
   */
  private InboundMessages passedBack(ByteBuffer data, MessageType type) {
    InboundMessages in = inbound;
    return in != null && in.isDelivering(data, type) && channel.eventLoop().inEventLoop() ? in : null;
  }

  @Override
  public CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer data, boolean last) {
    return outbound().sendFragment(type == MessageType.TEXT ? Opcode.TEXT : Opcode.BINARY, data, last);
  }

  @Override
  public CompletableFuture<Void> ping(ByteBuffer payload) {
    return sendControl(Opcode.PING, payload);
  }

  @Override
  public CompletableFuture<Void> pong(ByteBuffer payload) {
    return sendControl(Opcode.PONG, payload);
  }

  private CompletableFuture<Void> sendControl(Opcode op, ByteBuffer payload) {
    return outbound().sendControl(op, payload);
  }

  @Override
  public CompletableFuture<CloseEvent> close(int code, String reason) {
    byte[] body = FrameEncoder.closePayload(code, reason); // validates on the caller's thread
    runOnLoop(() -> {
      if (state != State.OPEN) {
        return;
      }
      state = State.CLOSE_SENT;
      SessionExtras x = extras();
      x.sentCode = code;
      x.sentReason = reason == null ? "" : reason;
      writeClose(body);
      flushNow();
      armCloseTimer();
    }, () -> {});
    return closeFuture();
  }


  @Override
  public void abort() {
    runOnLoop(() -> {
      extras().aborted = true; // a local drop: not reported as remote
      channel.close();
    }, channel::close);
  }

  private ChannelFuture writeClose(byte[] body) {
    closeSent = true;
    stopTimers();
    return outbound().write(Opcode.CLOSE, ByteBuffer.wrap(body));
  }

  private void stopTimers() {
    SessionExtras x = extras;
    if (x != null) {
      if (x.keepAlive != null) {
        x.keepAlive.stop();
      }
      if (x.idle != null) {
        x.idle.stop();
      }
    }
  }

  private void armCloseTimer() {
    SessionExtras x = extras();
    if (x.closeTimer == null) {
      x.closeTimer = channel.eventLoop().schedule(() -> {
        if (x.failure == null && !closeReceived) {
          x.failure = new TimeoutException("no close frame from the peer within " + limits.closeTimeout());
          notifyError(x.failure); // like every other timeout (Endpoint#onError)
        }
        channel.close();
      }, limits.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  // ---------------------------------------------------------------- topics

  @Override
  public void subscribe(String topic) {
    Topics.requireTopic(topic);
    requireTopics();
    runOnLoop(() -> {
      if (state != State.CLOSED) {
        membership().join(topic);
      }
    }, () -> {});
  }

  @Override
  public void unsubscribe(String topic) {
    Topics.requireTopic(topic);
    requireTopics();
    runOnLoop(() -> {
      if (membership != null) {
        membership.leave(topic);
      }
    }, () -> {});
  }

  @Override
  public Set<String> subscriptions() {
    return membership == null ? Set.of() : membership.topics();
  }

  @Override
  public long droppedMessages() {
    return membership == null ? 0 : membership.dropped();
  }

  private void requireTopics() {
    if (topicsTable == null) {
      throw new UnsupportedOperationException("topics are a server feature: subscribe a WebSocketServer's session");
    }
  }

  /** On the loop, during a fan-out: queues the message unless closing; see {@link TopicMembership#write}. */
  boolean writeTopicMessage(TopicMessage m) {
    return state == State.OPEN && membership.write(m, outbound());
  }

  private void heartbeatTimedOut(TimeoutException e) {
    if (state == State.CLOSED) {
      return;
    }
    extras().failure = e;
    notifyError(e);
    channel.close();
  }

  // ---------------------------------------------------------------- termination

  private void terminate() {
    if (state == State.CLOSED && closeFuture().isDone()) {
      return;
    }
    state = State.CLOSED;
    decoder().stop();
    stopTimers();
    if (membership != null) {
      membership.leaveAll();
    }
    SessionExtras x = extras;
    if (x != null && x.closeTimer != null) {
      x.closeTimer.cancel(false);
    }
    releaseInbound();
    if (deflate != null) {
      deflate.close();
    }
    Outbound o = outbound;
    if (o != null) {
      o.terminate();
    }
    // With no extras, TCP was lost with no close handshake: the common end of an idle session.
    CloseEvent event = (x == null ? extras() : x).closeEvent(closeSent, closeReceived);
    if (opened) {
      callEndpoint(() -> endpoint.onClose(this, event));
    }
    closeFuture().complete(event);
  }

  // ---------------------------------------------------------------- helpers

  private void callEndpoint(Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      endpointThrew(t);
    }
  }

  private void endpointThrew(Throwable t) {
    if (state == State.CLOSED) {
      log.warn("{}: endpoint threw while closing", this, t);
      return;
    }
    log.debug("{}: endpoint threw", this, t);
    failWith(CloseCode.INTERNAL_ERROR, t, "internal error");
  }

  private void notifyError(Throwable error) {
    if (!opened || state == State.CLOSED) {
      return;
    }
    try {
      endpoint.onError(this, error);
    } catch (Throwable t) {
      log.warn("{}: onError threw", this, t);
    }
  }

  void flushNow() {
    outbound().flushNow();
  }

  private void runOnLoop(Runnable task, Runnable rejected) {
    Outbound.runOnLoop(channel, task, rejected);
  }

  /** Whether the session is OPEN: data may be sent. */
  boolean isOpen() {
    return state == State.OPEN;
  }

  IllegalStateException notOpen() {
    return new IllegalStateException("session is " + readyState() + ", not OPEN: nothing more can be sent");
  }

  // ---------------------------------------------------------------- Session: queries

  @Override
  public ReadyState readyState() {
    return state.ready;
  }

  /** The session on {@code channel} once its opening handshake is done, else null. */
  public static NettyConnection of(Channel channel) {
    if (channel instanceof CompactEpollSocketChannel) {
      ChannelEvents e = ((CompactEpollSocketChannel) channel).events();
      return e instanceof NettyConnection ? (NettyConnection) e : null;
    }
    SessionHandler h = channel.pipeline().get(SessionHandler.class);
    return h == null ? null : h.connection();
  }

  /** The closing future, completed with the terminal event. */
  public CompletableFuture<CloseEvent> closeFuture() {
    CompletableFuture<CloseEvent> f = closeFuture;
    if (f == null) {
      f = new CompletableFuture<>();
      if (!CLOSE_FUTURE.compareAndSet(this, null, f)) {
        f = closeFuture; // another thread made it first
      }
    }
    return f;
  }

  @Override
  public URI url() {
    return uri;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public String extensions() {
    return deflate == null ? "" : deflate.header();
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /** The limits this connection runs under (the server's, or those its upgrade decision gave). */
  public Limits limits() {
    return limits;
  }

  @Override
  public long bufferedAmount() {
    Outbound o = outbound;
    return o == null ? 0 : o.bufferedAmount();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void pauseReading() {
    runOnLoop(() -> channel.config().setAutoRead(false), () -> {});
  }

  @Override
  public void resumeReading() {
    runOnLoop(() -> channel.config().setAutoRead(true), () -> {});
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type == Channel.class ? type.cast(channel) : Session.super.unwrap(type);
  }

  @Override
  public void attachment(Object value) {
    this.attachment = value;
  }

  @Override
  public String toString() {
    SessionExtras x = extras;
    return "Session[" + (client ? "client " : "server ") + uri + ", " + state
        + ", buffered=" + bufferedAmount()
        + (closeSent && x != null ? ", sent close " + x.sentCode : "")
        + (closeReceived && x != null ? ", received close " + x.receivedCode : "")
        + ", " + channel.remoteAddress() + "]";
  }
}
