package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.HeartbeatTimeoutException;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.ProtocolViolationException;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.SendBufferFullException;
import dev.switchboard.websocket.Scheduler;
import dev.switchboard.websocket.Session;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Session} over the JDK's {@link WebSocket}: its {@link WebSocket.Listener} hops every
 * callback onto one {@link EventExecutor} (the session's "loop"), so the endpoint sees the same
 * confinement as on Netty: one call at a time, in order. The JDK allows one outstanding data send
 * and one outstanding ping/pong at a time, so sends wait in queues here, counted in {@link
 * #bufferedAmount()}; reading is driven by the JDK's demand ({@code request(1)} after each part,
 * withheld while paused). Thread-safe; state confined to the loop.
 */
final class JdkSession implements Session, WebSocket.Listener {

  private static final Logger log = LoggerFactory.getLogger(JdkSession.class);

  private enum Kind { TEXT, BINARY, PING, PONG, CLOSE }

  private record Send(Kind kind, String text, ByteBuffer data, boolean last, boolean whole, long bytes,
      CompletableFuture<Void> result) {}

  private final URI uri;
  private final Endpoint endpoint;
  private final Limits limits;
  private final Timers timers;
  private final EventExecutor loop;
  private final CompletableFuture<Session> opening;
  private final CompletableFuture<CloseEvent> closeFuture = new CompletableFuture<>();
  private final AtomicLong buffered = new AtomicLong();
  private final KeepAlive keepAlive;

  private volatile WebSocket ws;
  private volatile ReadyState state = ReadyState.CONNECTING;
  private volatile Object attachment;

  // Confined to the loop.
  private final ArrayDeque<Send> data = new ArrayDeque<>();
  private final ArrayDeque<Send> control = new ArrayDeque<>();
  private final ArrayDeque<Send> heldBehindFragments = new ArrayDeque<>();
  private boolean dataInFlight;
  private boolean controlInFlight;
  private boolean fragmenting;
  private boolean opened;
  private boolean paused;
  private boolean demandOwed;
  private boolean discarding;
  private boolean wasUnwritable;
  private MessageType partialType;
  private StringBuilder partialText;
  private ByteArrayOutputStream partialBinary;
  private long partialBytes;
  private boolean closeSent;
  private boolean closeReceived;
  private boolean remoteInitiated;
  private boolean failedWithClose;
  private boolean aborted;
  private int sentCode;
  private String sentReason = "";
  private int receivedCode;
  private String receivedReason = "";
  private Throwable failure;
  private Scheduler.Cancellable closeTimer;

  JdkSession(URI uri, Endpoint endpoint, Limits limits, Timers timers, CompletableFuture<Session> opening) {
    this.uri = uri;
    this.endpoint = endpoint;
    this.limits = limits;
    this.timers = timers;
    this.loop = timers.loop();
    this.opening = opening;
    this.keepAlive = new KeepAlive(limits, timers, () -> ping(ByteBuffer.allocate(0)), this::heartbeatTimedOut);
  }

  /** Completes with the terminal event. */
  CompletableFuture<CloseEvent> closed() {
    return closeFuture;
  }

  /** The JDK object under this session (null before it opened). */
  WebSocket webSocket() {
    return ws;
  }

  // ---------------------------------------------------------------- the JDK's listener (its threads)

  @Override
  public void onOpen(WebSocket webSocket) {
    this.ws = webSocket;
    hop(this::opened);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence chunk, boolean last) {
    String copy = chunk.toString(); // the JDK may reuse the CharSequence once we return
    hop(() -> received(MessageType.TEXT, copy, null, last));
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer chunk, boolean last) {
    byte[] copy = new byte[chunk.remaining()];
    chunk.get(copy);
    hop(() -> received(MessageType.BINARY, null, copy, last));
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    ByteBuffer copy = copy(message); // the JDK answers with a pong itself
    hop(() -> control(true, copy));
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    ByteBuffer copy = copy(message);
    hop(() -> control(false, copy));
    return null;
  }

  /**
   * Returning null lets the JDK answer the peer's close with the same code at once (RFC 6455
   * §5.5.1). The JDK also calls this with 1006 when the input ended without a close frame.
   */
  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (statusCode == CloseCode.ABNORMAL_CLOSURE.code()) {
      hop(this::terminate); // no close frame arrived: 1006, unclean (RFC 6455 §7.1.5)
      return null;
    }
    hop(() -> {
      closeReceived = true;
      receivedCode = statusCode;
      receivedReason = reason == null ? "" : reason;
      if (!closeSent) {
        remoteInitiated = true;
        closeSent = true; // the JDK's answer
      }
      terminate();
    });
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    hop(() -> {
      if (state == ReadyState.CLOSED) {
        return;
      }
      if (failure == null) {
        failure = error;
      }
      if (error instanceof ProtocolException && !closeSent) {
        // The JDK fails the connection with a close frame of its own (1002, a protocol error).
        failedWithClose = true;
        closeSent = true;
        sentCode = CloseCode.PROTOCOL_ERROR.code();
        sentReason = "";
      }
      notifyError(error);
      terminate();
    });
  }

  // ---------------------------------------------------------------- inbound, on the loop

  private void opened() {
    if (opening.isDone()) { // cancelled while the JDK was still connecting
      aborted = true;
      ws.abort();
      state = ReadyState.CLOSED;
      return;
    }
    state = ReadyState.OPEN;
    opened = true;
    keepAlive.start();
    callEndpoint(() -> endpoint.onOpen(this));
    if (state == ReadyState.OPEN && !opening.complete(this)) {
      abort();
      return;
    }
    requestMore();
  }

  private void received(MessageType type, String text, byte[] bytes, boolean last) {
    keepAlive.frameReceived();
    if (discarding || state == ReadyState.CLOSED) {
      requestMore();
      return;
    }
    partialType = type;
    partialBytes += text != null ? utf8Length(text) : bytes.length;
    if (partialBytes > limits.maxMessageBytes()) {
      String why = "a " + type + " message over maxMessageBytes (" + limits.maxMessageBytes() + " B)";
      failWith(CloseCode.MESSAGE_TOO_BIG, new ProtocolViolationException(CloseCode.MESSAGE_TOO_BIG, why));
      requestMore();
      return;
    }
    if (last && partialText == null && partialBinary == null) {
      deliver(type, text, bytes); // a message in one part: no copy
    } else if (type == MessageType.TEXT) {
      (partialText == null ? partialText = new StringBuilder() : partialText).append(text);
      if (last) {
        String whole = partialText.toString();
        partialText = null;
        deliver(type, whole, null);
      }
    } else {
      (partialBinary == null ? partialBinary = new ByteArrayOutputStream() : partialBinary).write(bytes, 0, bytes.length);
      if (last) {
        byte[] whole = partialBinary.toByteArray();
        partialBinary = null;
        deliver(type, null, whole);
      }
    }
    requestMore();
  }

  private void deliver(MessageType type, String text, byte[] bytes) {
    partialBytes = 0;
    partialType = null;
    if (type == MessageType.TEXT) {
      // Through onTextUtf8, as on every session (its default decodes back to onText).
      ByteBuffer utf8 = java.nio.charset.StandardCharsets.UTF_8.encode(text);
      callEndpoint(() -> endpoint.onTextUtf8(this, utf8));
    } else {
      callEndpoint(() -> endpoint.onBinary(this, ByteBuffer.wrap(bytes)));
    }
  }

  private void control(boolean ping, ByteBuffer payload) {
    keepAlive.frameReceived();
    if (!discarding && state != ReadyState.CLOSED) {
      callEndpoint(() -> {
        if (ping) {
          endpoint.onPing(this, payload);
        } else {
          endpoint.onPong(this, payload);
        }
      });
    }
    requestMore();
  }

  private void requestMore() {
    if (state == ReadyState.CLOSED) {
      return;
    }
    if (paused && !discarding) {
      demandOwed = true;
    } else {
      ws.request(1);
    }
  }

  // ---------------------------------------------------------------- sending

  @Override
  public CompletableFuture<Void> sendText(CharSequence text) {
    String s = text.toString();
    return submit(new Send(Kind.TEXT, s, null, true, true, utf8Length(s), new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> sendBinary(ByteBuffer buffer) {
    ByteBuffer copy = copy(buffer);
    return submit(new Send(Kind.BINARY, null, copy, true, true, copy.remaining(), new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer buffer, boolean last) {
    if (type == null) {
      throw new IllegalArgumentException("type must not be null");
    }
    if (type == MessageType.TEXT) {
      String chunk;
      try {
        chunk = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buffer.duplicate()).toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("a text fragment must be whole UTF-8 characters (the JDK sends "
            + "text as characters): " + e, e);
      }
      return submit(new Send(Kind.TEXT, chunk, null, last, false, buffer.remaining(), new CompletableFuture<>()));
    }
    ByteBuffer copy = copy(buffer);
    return submit(new Send(Kind.BINARY, null, copy, last, false, copy.remaining(), new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> ping(ByteBuffer payload) {
    return submit(control(Kind.PING, payload));
  }

  @Override
  public CompletableFuture<Void> pong(ByteBuffer payload) {
    return submit(control(Kind.PONG, payload));
  }

  private static Send control(Kind kind, ByteBuffer payload) {
    if (payload.remaining() > 125) {
      throw new IllegalArgumentException("a control frame carries at most 125 bytes (RFC 6455 §5.5), was "
          + payload.remaining());
    }
    return new Send(kind, null, copy(payload), true, true, payload.remaining(), new CompletableFuture<>());
  }

  private CompletableFuture<Void> submit(Send s) {
    boolean isData = s.kind() == Kind.TEXT || s.kind() == Kind.BINARY;
    if (isData) { // as on Netty: control frames are never refused
      // CAS, not add-then-undo: bufferedAmount() never shows a value past the limit.
      long current;
      do {
        current = buffered.get();
        if (current + s.bytes() > limits.maxBufferedBytes()) {
          return CompletableFuture.failedFuture(
              new SendBufferFullException(current, s.bytes(), limits.maxBufferedBytes()));
        }
      } while (!buffered.compareAndSet(current, current + s.bytes()));
    } else {
      buffered.addAndGet(s.bytes());
    }
    try {
      if (loop.inEventLoop()) {
        enqueue(s);
      } else {
        loop.execute(() -> enqueue(s));
      }
    } catch (RejectedExecutionException e) {
      done(s, new IllegalStateException("the client is closed: nothing can be sent"));
    }
    return s.result();
  }

  private void enqueue(Send s) {
    if (state != ReadyState.OPEN || closeSent) {
      done(s, notOpen());
      return;
    }
    if (buffered.get() > limits.sendHighWaterBytes()) {
      wasUnwritable = true; // isWritable() is false now: onWritable is owed once below the low mark
    }
    if (s.kind() == Kind.PING || s.kind() == Kind.PONG) {
      control.add(s);
      pumpControl();
      return;
    }
    if (s.whole() && fragmenting) {
      heldBehindFragments.add(s);
      return;
    }
    data.add(s);
    if (!s.whole()) {
      fragmenting = !s.last();
      if (s.last()) {
        data.addAll(heldBehindFragments);
        heldBehindFragments.clear();
      }
    }
    pumpData();
  }

  private void pumpData() {
    if (dataInFlight || data.isEmpty() || state == ReadyState.CLOSED) {
      return;
    }
    Send s = data.poll();
    dataInFlight = true;
    CompletableFuture<WebSocket> sent;
    try {
      sent = switch (s.kind()) {
        case TEXT -> ws.sendText(s.text(), s.last());
        case BINARY -> ws.sendBinary(s.data(), s.last());
        default -> ws.sendClose(sentCode, sentReason);
      };
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((w, e) -> afterSend(s, e, true));
  }

  private void pumpControl() {
    if (controlInFlight || control.isEmpty() || state == ReadyState.CLOSED) {
      return;
    }
    Send s = control.poll();
    controlInFlight = true;
    CompletableFuture<WebSocket> sent;
    try {
      sent = s.kind() == Kind.PING ? ws.sendPing(s.data()) : ws.sendPong(s.data());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((w, e) -> afterSend(s, e, false));
  }

  private void afterSend(Send s, Throwable error, boolean isData) {
    hopOr(() -> {
      if (isData) {
        dataInFlight = false;
      } else {
        controlInFlight = false;
      }
      done(s, error);
      if (isData) {
        pumpData();
      } else {
        pumpControl();
      }
    }, () -> done(s, error));
  }

  private void done(Send s, Throwable error) {
    long left = buffered.addAndGet(-s.bytes());
    if (error != null) {
      s.result().completeExceptionally(error instanceof java.util.concurrent.CompletionException
          && error.getCause() != null ? error.getCause() : error);
    } else {
      s.result().complete(null);
    }
    if (left > limits.sendHighWaterBytes()) {
      wasUnwritable = true;
    } else if (wasUnwritable && left < limits.sendLowWaterBytes() && state == ReadyState.OPEN && loop.inEventLoop()) {
      wasUnwritable = false;
      callEndpoint(() -> endpoint.onWritable(this));
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public CompletableFuture<CloseEvent> close(int code, String reason) {
    FrameEncoder.closePayload(code, reason); // validates on the caller's thread
    JdkDialer.checkCloseCode(code);
    hop(() -> {
      if (closeSent || state == ReadyState.CLOSED) {
        return;
      }
      closeSent = true;
      sentCode = code;
      sentReason = reason == null ? "" : reason;
      state = ReadyState.CLOSING;
      armCloseTimer();
      // After the data already accepted (a fragmented message may not be cut by anything but the close).
      data.addAll(heldBehindFragments);
      heldBehindFragments.clear();
      data.add(new Send(Kind.CLOSE, null, null, true, true, 0, new CompletableFuture<>()));
      pumpData();
    });
    return closeFuture;
  }

  /** Fails the connection with a close frame of {@code code}; messages after it are dropped. */
  private void failWith(CloseCode code, Throwable e) {
    if (failure == null) {
      failure = e;
    }
    discarding = true;
    partialText = null;
    partialBinary = null;
    notifyError(e);
    if (!closeSent) {
      closeSent = true;
      failedWithClose = true;
      sentCode = code.code();
      sentReason = code == CloseCode.INTERNAL_ERROR ? "internal error" : "";
      state = ReadyState.CLOSING;
      armCloseTimer();
      // The JDK refuses to send 1002, 1007, 1009... from a client: 1008 (policy violation) stands in.
      int wire = JdkDialer.isSendable(sentCode) ? sentCode : CloseCode.POLICY_VIOLATION.code();
      ws.sendClose(wire, sentReason); // the JDK lets a close overtake a pending data send
    }
  }

  private void armCloseTimer() {
    closeTimer = timers.schedule(limits.closeTimeout(), () -> {
      if (state != ReadyState.CLOSED) {
        if (failure == null) {
          failure = new TimeoutException("no close frame from the peer within closeTimeout " + limits.closeTimeout());
        }
        aborted = true;
        ws.abort();
        terminate();
      }
    });
  }

  private void heartbeatTimedOut(HeartbeatTimeoutException e) {
    if (state == ReadyState.CLOSED) {
      return;
    }
    if (failure == null) {
      failure = e;
    }
    notifyError(e);
    ws.abort();
    terminate();
  }

  @Override
  public void abort() {
    hop(() -> {
      if (state != ReadyState.CLOSED) {
        aborted = true;
        if (ws != null) {
          ws.abort();
        }
        terminate();
      }
    });
  }

  /** The one end of the session: the close event by RFC 6455 §7.1.5, exactly once. */
  private void terminate() {
    if (state == ReadyState.CLOSED && closeFuture.isDone()) {
      return;
    }
    state = ReadyState.CLOSED;
    keepAlive.stop();
    if (closeTimer != null) {
      closeTimer.cancel();
      closeTimer = null;
    }
    IllegalStateException closed = notOpen();
    for (ArrayDeque<Send> q : java.util.List.of(data, control, heldBehindFragments)) {
      Send s;
      while ((s = q.poll()) != null) {
        done(s, closed);
      }
    }
    CloseEvent event;
    if (closeReceived && failedWithClose) {
      // Our failure's code, even if the wire carried the 1008 that stood in for it.
      event = new CloseEvent(sentCode, sentReason, true, false, failure);
    } else if (closeReceived) {
      event = new CloseEvent(receivedCode, receivedReason, closeSent, remoteInitiated, failure);
    } else if (failedWithClose) {
      event = new CloseEvent(sentCode, sentReason, false, false, failure);
    } else {
      event = new CloseEvent(CloseCode.ABNORMAL_CLOSURE.code(), "", false, !closeSent && !aborted, failure);
    }
    if (opened) {
      try {
        endpoint.onClose(this, event);
      } catch (Throwable t) {
        log.warn("{}: onClose threw", this, t);
      }
    }
    closeFuture.complete(event);
  }

  // ---------------------------------------------------------------- reading control

  @Override
  public void pauseReading() {
    hop(() -> paused = true);
  }

  @Override
  public void resumeReading() {
    hop(() -> {
      paused = false;
      if (demandOwed && state != ReadyState.CLOSED) {
        demandOwed = false;
        ws.request(1);
      }
    });
  }

  // ---------------------------------------------------------------- queries

  @Override
  public ReadyState readyState() {
    return state;
  }

  @Override
  public URI url() {
    return uri;
  }

  @Override
  public String protocol() {
    WebSocket w = ws;
    return w == null || w.getSubprotocol() == null ? "" : w.getSubprotocol();
  }

  /** The JDK negotiates no extension. */
  @Override
  public String extensions() {
    return "";
  }

  /** Unknown: the JDK does not expose its socket. */
  @Override
  public InetSocketAddress localAddress() {
    return null;
  }

  /** The URL's host and port, unresolved: the JDK does not expose its socket. */
  @Override
  public InetSocketAddress remoteAddress() {
    int port = uri.getPort() != -1 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
    return InetSocketAddress.createUnresolved(uri.getHost(), port);
  }

  @Override
  public long bufferedAmount() {
    return buffered.get();
  }

  @Override
  public boolean isWritable() {
    return state == ReadyState.OPEN && buffered.get() <= limits.sendHighWaterBytes();
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  @Override
  public void attachment(Object value) {
    this.attachment = value;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type == WebSocket.class) {
      WebSocket w = ws;
      if (w == null) {
        throw new IllegalStateException("the session is not open yet: no java.net.http.WebSocket");
      }
      return type.cast(w);
    }
    return Session.super.unwrap(type);
  }

  // ---------------------------------------------------------------- helpers

  private void callEndpoint(Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      if (state == ReadyState.CLOSED) {
        log.warn("{}: endpoint threw while closing", this, t);
        return;
      }
      log.debug("{}: endpoint threw", this, t);
      failWith(CloseCode.INTERNAL_ERROR, t);
    }
  }

  private void notifyError(Throwable error) {
    if (!opened || state == ReadyState.CLOSED) {
      return;
    }
    try {
      endpoint.onError(this, error);
    } catch (Throwable t) {
      log.warn("{}: onError threw", this, t);
    }
  }

  private IllegalStateException notOpen() {
    return new IllegalStateException("session is " + state + ", not OPEN: nothing more can be sent");
  }

  private void hop(Runnable task) {
    hopOr(task, () -> log.debug("{}: the client is closed", this));
  }

  private void hopOr(Runnable task, Runnable rejected) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      rejected.run();
    }
  }

  private static ByteBuffer copy(ByteBuffer b) {
    return ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
  }

  private static long utf8Length(String s) {
    return io.netty.buffer.ByteBufUtil.utf8Bytes(s);
  }

  @Override
  public String toString() {
    return "JdkSession[" + uri + ", " + state + ", buffered=" + buffered.get() + " B"
        + (closeSent ? ", sent close " + sentCode : "") + (closeReceived ? ", received close " + receivedCode : "") + "]";
  }
}
