package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectCancelledException;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.ConnectStage;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.ConnectionEvent;
import dev.switchboard.websocket.ConnectionStatus;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.Reconnecting;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.Scheduler;
import dev.switchboard.websocket.SendRejectedException;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketConnectException;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Connection} handle: retries, reconnection, the offline queue and the events, over
 * any {@link Dialer} (Netty's today). Its state is confined to one event loop, the one every
 * session of the handle runs on; public methods hop onto it. The future part (the first open
 * session) is the {@link CompletableFuture} this class extends.
 */
public final class ReconnectingConnection extends CompletableFuture<Session> implements Connection {

  private static final Logger log = LoggerFactory.getLogger(ReconnectingConnection.class);

  /** One connect attempt, on the handle's loop: the transport behind the handle. */
  @FunctionalInterface
  public interface Dialer {
    /** Starts an attempt; cancelling the future aborts it. {@code stages} hears its progress. */
    CompletableFuture<Session> dial(ConnectRequest request, Endpoint endpoint, Consumer<ConnectStage> stages);
  }

  /** What the handle does on failures and while offline. */
  public record Policy(RetryPolicy connectRetry, RetryPolicy reconnect, OfflineQueue queue) {}

  private record Queued(String text, ByteBuffer binary, long bytes, CompletableFuture<Void> result) {}

  private final String id = UUID.randomUUID().toString();
  private final ConnectRequest request;
  private final Dialer dialer;
  private final Policy policy;
  private final Timers timers;
  private final Supplier<Instant> clock;
  private final EventExecutor loop;
  private final Map<ConnectionEvent<?>, List<Consumer<?>>> listeners = new ConcurrentHashMap<>();
  private final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
  private final AtomicLong queuedBytes = new AtomicLong();

  // Written on the loop; volatile where other threads read them.
  private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
  private volatile Session session;
  private volatile ConnectStage stage = ConnectStage.TCP;
  private volatile int attempts;
  private volatile int queuedCount;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private int retry;
  private boolean everOpened;
  private boolean closeRequested;
  private boolean over;
  private CompletableFuture<Session> pending;
  private Scheduler.Cancellable backoff;

  public ReconnectingConnection(ConnectRequest request, Dialer dialer, Policy policy, Timers timers, Scheduler scheduler) {
    this.request = request;
    this.dialer = dialer;
    this.policy = policy;
    this.timers = timers;
    this.loop = timers.loop();
    this.clock = scheduler != null ? scheduler::now : Instant::now;
    // Anyone completing the handle first (cancel(), orTimeout, completeExceptionally) stops the connect.
    super.whenComplete((s, e) -> {
      if (e != null) {
        onLoop(() -> abandon(unwrap(e)));
      }
    });
  }

  /** Starts the first attempt. */
  public ReconnectingConnection start() {
    onLoop(this::attempt);
    return this;
  }

  // ---------------------------------------------------------------- attempts

  private void attempt() {
    if (over) {
      return;
    }
    backoff = null;
    attempts++;
    CompletableFuture<Session> dial = dialer.dial(request, new SessionEvents(), s -> stage = s);
    pending = dial;
    dial.whenComplete((s, e) -> {
      if (e != null) {
        onLoop(() -> attemptFailed(dial, unwrap(e)));
      }
    });
  }

  private void attemptFailed(CompletableFuture<Session> dial, Throwable e) {
    if (pending == dial) {
      pending = null;
    }
    if (over) {
      return;
    }
    fire(ConnectionEvent.ERROR, e);
    RetryPolicy p = everOpened ? policy.reconnect() : policy.connectRetry();
    if (e instanceof WebSocketConnectException && ((WebSocketConnectException) e).isRetryable() && retry < p.maxRetries()) {
      Duration delay = p.delayBefore(retry + 1, ThreadLocalRandom.current().nextDouble());
      Duration asked = RetryAfter.of((WebSocketConnectException) e, clock.get());
      if (asked == null || asked.compareTo(p.maxDelay()) <= 0) {
        scheduleRetry(asked != null && asked.compareTo(delay) > 0 ? asked : delay, e, null);
        return;
      }
      log.debug("{}: Retry-After {} is over maxDelay {}: giving up", this, asked, p.maxDelay());
    }
    giveUp(e);
  }

  private void scheduleRetry(Duration delay, Throwable failure, CloseEvent close) {
    retry++;
    status = ConnectionStatus.RETRYING;
    stage = ConnectStage.WAITING_TO_RETRY;
    fire(ConnectionEvent.RECONNECTING, new Reconnecting(retry, delay, failure, close));
    if (!over) {
      backoff = timers.schedule(delay, this::attempt);
    }
  }

  private void giveUp(Throwable e) {
    if (!everOpened) {
      super.completeExceptionally(e);
    }
    finish(new CloseEvent(1006, "", false, true, e));
  }

  /** The handle was completed by someone else before it opened: stop everything. */
  private void abandon(Throwable e) {
    if (!over) {
      finish(new CloseEvent(1006, "", false, false, e));
    }
  }

  private void finish(CloseEvent event) {
    if (over) {
      return;
    }
    over = true;
    status = ConnectionStatus.CLOSED;
    session = null;
    if (backoff != null) {
      backoff.cancel();
      backoff = null;
    }
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    Queued q;
    while ((q = poll()) != null) {
      q.result().completeExceptionally(new SendRejectedException(
          "the connection ended before this queued message could be sent: " + event));
    }
    closed.complete(event);
  }

  // ---------------------------------------------------------------- one session's events

  /** The endpoint of one attempt's session; all calls arrive on the loop. */
  private final class SessionEvents implements Endpoint {

    @Override
    public void onOpen(Session s) {
      if (over) {
        s.abort();
        return;
      }
      pending = null;
      boolean first = !everOpened;
      everOpened = true;
      session = s;
      retry = 0;
      status = ConnectionStatus.OPEN; // before the handle completes: whoever joins it sees OPEN
      if (first && !ReconnectingConnection.super.complete(s)) {
        abandon(outcome()); // completed by someone else a moment ago
        s.abort();
        return;
      }
      Queued q;
      while ((q = poll()) != null) {
        forward(q, s);
      }
      fire(ConnectionEvent.OPEN, s);
      if (!first) {
        fire(ConnectionEvent.RECONNECTED, s);
      }
    }

    @Override
    public void onText(Session s, String text) {
      fire(ConnectionEvent.TEXT, text);
    }

    @Override
    public void onBinary(Session s, ByteBuffer data) {
      fire(ConnectionEvent.BINARY, data);
    }

    @Override
    public void onPing(Session s, ByteBuffer payload) {
      fire(ConnectionEvent.PING, payload);
    }

    @Override
    public void onPong(Session s, ByteBuffer payload) {
      fire(ConnectionEvent.PONG, payload);
    }

    @Override
    public void onWritable(Session s) {
      fire(ConnectionEvent.WRITABLE, s);
    }

    @Override
    public void onError(Session s, Throwable error) {
      fire(ConnectionEvent.ERROR, error);
    }

    @Override
    public void onClose(Session s, CloseEvent event) {
      if (session == s) {
        session = null;
      }
      if (over) {
        return;
      }
      fire(ConnectionEvent.CLOSE, event);
      if (!closeRequested && retry < policy.reconnect().maxRetries()) {
        scheduleRetry(policy.reconnect().delayBefore(1, ThreadLocalRandom.current().nextDouble()), null, event);
      } else if (!over) {
        finish(event);
      }
    }
  }

  // ---------------------------------------------------------------- sending

  @Override
  public CompletableFuture<Void> sendText(CharSequence text) {
    String s = text.toString();
    return submit(new Queued(s, null, utf8Length(s), new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> sendBinary(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    return submit(new Queued(null, copy, copy.remaining(), new CompletableFuture<>()));
  }

  private CompletableFuture<Void> submit(Queued q) {
    try {
      onLoopOrThrow(() -> offer(q));
    } catch (RejectedExecutionException e) {
      q.result().completeExceptionally(new SendRejectedException("the client is closed: nothing can be sent"));
    }
    return q.result();
  }

  private void offer(Queued q) {
    if (over || closeRequested) {
      q.result().completeExceptionally(new SendRejectedException(
          "the connection is " + status + ": nothing more can be sent"));
      return;
    }
    Session s = session;
    if (s != null && s.readyState() == ReadyState.OPEN && queue.isEmpty()) {
      forward(q, s);
      return;
    }
    OfflineQueue bound = policy.queue();
    if (!bound.isEnabled()) {
      q.result().completeExceptionally(new SendRejectedException("the connection is " + status
          + " and queueing while offline is off (OfflineQueue.REJECT): send after OPEN, or set "
          + "WebSocketClient.Builder.offlineQueue"));
      return;
    }
    if (queue.size() >= bound.maxMessages() || queuedBytes.get() + q.bytes() > bound.maxBytes()) {
      q.result().completeExceptionally(new SendRejectedException("the offline queue is full ("
          + queue.size() + " messages, " + queuedBytes.get() + " bytes; limits " + bound.maxMessages()
          + " messages, " + bound.maxBytes() + " bytes): this " + q.bytes() + "-byte message was not queued"));
      return;
    }
    queue.add(q);
    queuedBytes.addAndGet(q.bytes());
    queuedCount = queue.size();
  }

  private Queued poll() {
    Queued q = queue.poll();
    if (q != null) {
      queuedBytes.addAndGet(-q.bytes());
      queuedCount = queue.size();
    }
    return q;
  }

  private static void forward(Queued q, Session s) {
    CompletableFuture<Void> sent;
    try {
      sent = q.text() != null ? s.sendText(q.text()) : s.sendBinary(q.binary());
    } catch (RuntimeException e) {
      q.result().completeExceptionally(e);
      return;
    }
    sent.whenComplete((v, e) -> {
      if (e != null) {
        q.result().completeExceptionally(unwrap(e));
      } else {
        q.result().complete(null);
      }
    });
  }

  private static long utf8Length(String s) {
    return s.length() < 64 ? s.getBytes(StandardCharsets.UTF_8).length : io.netty.buffer.ByteBufUtil.utf8Bytes(s);
  }

  // ---------------------------------------------------------------- closing and cancelling

  @Override
  public CompletableFuture<CloseEvent> close(int code, String reason) {
    FrameEncoder.closePayload(code, reason); // validates on the caller's thread
    onLoop(() -> {
      if (over || closeRequested) {
        return;
      }
      closeRequested = true;
      Session s = session;
      if (s != null) {
        status = ConnectionStatus.CLOSING;
        s.close(code, reason); // its onClose finishes the connection
      } else if (!everOpened) {
        cancel();
      } else {
        finish(new CloseEvent(code, reason, false, false, null));
      }
    });
    return closed;
  }

  @Override
  public boolean cancel() {
    if (isDone()) {
      return false;
    }
    return super.completeExceptionally(new ConnectCancelledException(request.uri(), stage, attempts));
  }

  /** Cancels the connect with a {@link ConnectCancelledException}; see {@link #cancel()}. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return cancel();
  }

  @Override
  public CompletableFuture<CloseEvent> closed() {
    return closed;
  }

  // ---------------------------------------------------------------- events

  @Override
  public <T> Connection on(ConnectionEvent<T> event, Consumer<? super T> listener) {
    if (event == null || listener == null) {
      throw new IllegalArgumentException("event and listener must not be null");
    }
    listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
    return this;
  }

  @Override
  public <T> Connection off(ConnectionEvent<T> event, Consumer<? super T> listener) {
    List<Consumer<?>> list = listeners.get(event);
    if (list != null) {
      list.remove(listener);
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private <T> void fire(ConnectionEvent<T> event, T value) {
    List<Consumer<?>> list = listeners.get(event);
    if (list == null) {
      return;
    }
    for (Consumer<?> l : list) {
      try {
        ((Consumer<T>) l).accept(value);
      } catch (Throwable t) {
        log.warn("{}: a {} listener threw", this, event, t);
        if (event != ConnectionEvent.ERROR) {
          fire(ConnectionEvent.ERROR, t);
        }
      }
    }
  }

  // ---------------------------------------------------------------- queries

  @Override
  public String id() {
    return id;
  }

  @Override
  public URI url() {
    return request.uri();
  }

  @Override
  public ConnectionStatus status() {
    return status;
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public long bufferedAmount() {
    Session s = session;
    return queuedBytes.get() + (s != null ? s.bufferedAmount() : 0);
  }

  @Override
  public int queuedMessages() {
    return queuedCount;
  }

  @Override
  public boolean isWritable() {
    Session s = session;
    return s != null && s.isWritable();
  }

  // ---------------------------------------------------------------- helpers

  private void onLoop(Runnable task) {
    try {
      onLoopOrThrow(task);
    } catch (RejectedExecutionException e) {
      log.debug("{}: the client is closed", this);
    }
  }

  private void onLoopOrThrow(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  private Throwable outcome() {
    try {
      join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  @Override
  public String toString() {
    return "Connection[" + id + " " + request.uri() + ", " + status + ", attempts=" + attempts
        + ", queued=" + queuedCount + "/" + queuedBytes.get() + " B]";
  }
}
