package dev.switchboard.hub.server.client;

import dev.switchboard.hub.ClientResult;
import dev.switchboard.hub.CloseReason;
import dev.switchboard.hub.Connection;
import dev.switchboard.hub.ConnectionSink;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.Message;
import dev.switchboard.hub.MessageSource;
import dev.switchboard.hub.Scheduler;
import dev.switchboard.hub.UserEvent;
import dev.switchboard.hub.server.protocol.AckErrorName;
import dev.switchboard.hub.server.protocol.ClientCodec;
import dev.switchboard.hub.server.protocol.ClientMessage;
import dev.switchboard.hub.server.protocol.ClientMessageException;
import dev.switchboard.hub.server.protocol.Payload;
import dev.switchboard.hub.server.protocol.ServerMessage;
import dev.switchboard.hub.server.protocol.WireFrame;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.SendBufferFullException;
import dev.switchboard.websocket.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client transport: the hub's {@link ConnectionSink} over a WebSocket {@link Session}, and
 * the reader of that session's frames. Simple clients ({@code codec == null}) get raw payload
 * frames; PubSub clients speak their subprotocol through {@code codec}. Thread-safe: the hub
 * calls {@link #deliver} from any thread and {@link Session} sends hop onto its event loop in
 * call order; frames arrive on the event loop.
 *
 * <p>Slow clients: the session's {@code Limits.maxBufferedBytes} (the hub's {@code
 * limits.maxBufferedBytes}) caps what waits for the client's socket. The first send it refuses
 * ends this transport at once: a client that is not reliable is closed with {@value
 * #SLOW_CLIENT} and its connection is gone ({@code disconnected} upstream); a reliable client's
 * transport is closed with {@value #SLOW_RELIABLE_CLIENT} and its connection stays recoverable,
 * its un-acked messages kept (and bounded) by the replay buffer. Nothing more is queued for it.
 */
final class ClientSession implements ConnectionSink {

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /** Close code for a frame that is not a message of the subprotocol (RFC 6455 §7.4.1). */
  static final int UNSUPPORTED_DATA = 1003;
  /** Close code when a simple client's frame cannot be handled (no or failing upstream). */
  static final int INTERNAL_ERROR = 1011;
  static final int POLICY_VIOLATION = 1008;
  /**
   * Close code for a client that is not reliable and reads slower than it is sent to: 1008, as
   * Microsoft's emulator closes on buffer overflow (spec §7); the messages it missed are lost.
   */
  static final int SLOW_CLIENT = POLICY_VIOLATION;
  /**
   * Close code for a reliable client's transport over the buffer limit: 1013 (try again later),
   * not 1008, so that the client recovers and gets its un-acked messages replayed.
   */
  static final int SLOW_RELIABLE_CLIENT = 1013;

  private final Session session;
  private final ClientCodec codec;
  private final Scheduler scheduler;
  private final String rawGroup;
  private final boolean rawNoEcho;
  private volatile Connection connection;
  private volatile boolean closedByHub;
  /** Why this transport was cut off for reading too slowly, once it was; null before. */
  private final AtomicReference<String> overflow = new AtomicReference<>();

  ClientSession(Session session, ClientCodec codec, Scheduler scheduler, String rawGroup, boolean rawNoEcho) {
    this.session = session;
    this.codec = codec;
    this.scheduler = scheduler;
    this.rawGroup = rawGroup;
    this.rawNoEcho = rawNoEcho;
  }

  void attach(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  boolean isPubSub() {
    return codec != null;
  }

  // ------------------------------------------------------------------ hub → client

  @Override
  public Object encoding() {
    return codec == null ? "raw" : codec.subprotocol().wireName();
  }

  @Override
  public void deliver(Message message, long sequenceId) {
    if (overflow.get() != null || message.isExpired(scheduler.nanoTime())) {
      return;
    }
    if (codec == null) {
      if (message.dataType() == DataType.TEXT || message.dataType() == DataType.JSON) {
        checked(session.sendText(message.payloadText()));
      } else {
        checked(session.sendBinary(message.payload()));
      }
      return;
    }
    WireFrame frame = sequenceId == 0
        ? message.encoded(codec.subprotocol(), m -> codec.encode(toServerMessage(m, 0)))
        : codec.encode(toServerMessage(message, sequenceId));
    write(frame);
  }

  private static ServerMessage toServerMessage(Message m, long sequenceId) {
    Payload p = new Payload(m.dataType(), m.payload());
    return m.source() == MessageSource.GROUP
        ? new ServerMessage.GroupMessage(m.group(), p, m.fromUserId(), sequenceId)
        : new ServerMessage.ServerData(p, sequenceId);
  }

  @Override
  public void close(CloseReason reason) {
    closedByHub = true;
    if (codec != null) {
      write(codec.encode(new ServerMessage.Disconnected(reason.reason())));
    }
    session.close(reason.code(), closeReason(reason.reason()));
  }

  void send(ServerMessage message) {
    write(codec.encode(message));
  }

  private void write(WireFrame frame) {
    if (overflow.get() != null) {
      return;
    }
    if (frame.isText()) {
      checked(session.sendText(new String(frame.bytes(), StandardCharsets.UTF_8)));
    } else {
      checked(session.sendBinary(frame.bytes()));
    }
  }

  /** A send the session refused at once for its full buffer ends this transport (see the class doc). */
  private void checked(CompletableFuture<Void> sent) {
    if (sent.isCompletedExceptionally()) {
      sent.exceptionally(t -> {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof SendBufferFullException full) {
          overflowed(full);
        }
        return null;
      });
    }
  }

  private void overflowed(SendBufferFullException full) {
    String why = "too slow: more than " + full.maxBufferedBytes()
        + " bytes waiting for the client's socket (limits.maxBufferedBytes)";
    if (!overflow.compareAndSet(null, why)) {
      return;
    }
    Connection c = connection;
    boolean reliable = c != null ? c.isReliable() : codec != null && codec.subprotocol().isReliable();
    log.debug("closing {}: {}", this, why);
    session.close(reliable ? SLOW_RELIABLE_CLIENT : SLOW_CLIENT, closeReason(why));
    if (c != null) {
      // Tell the hub now, not when the stuck socket finally closes (after Limits.closeTimeout);
      // off this thread, since deliver runs under the connection's lock.
      scheduler.schedule(Duration.ZERO, () -> c.transportClosed(this, why, reliable));
    }
  }

  /** A close reason cut to the 123 UTF-8 bytes a close frame allows (RFC 6455 §5.5.1). */
  static String closeReason(String reason) {
    if (reason == null) {
      return "";
    }
    byte[] b = reason.getBytes(StandardCharsets.UTF_8);
    if (b.length <= 123) {
      return reason;
    }
    int end = 120;
    while (end > 0 && (b[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8) + "...";
  }

  // ------------------------------------------------------------------ client → hub

  void onFrame(byte[] data, boolean isText) {
    Connection c = connection;
    if (c == null) {
      return; // not registered (hub.connect failed): the session is being closed
    }
    if (codec == null) {
      onRawFrame(c, data, isText);
      return;
    }
    ClientMessage message;
    try {
      message = codec.decode(data, isText);
    } catch (ClientMessageException e) {
      if (e.kind() == ClientMessageException.Kind.MALFORMED) {
        log.debug("closing {}: {}", c.id(), e.getMessage());
        session.close(UNSUPPORTED_DATA, closeReason(e.getMessage()));
      } else {
        e.toAck().ifPresentOrElse(this::send, () -> log.debug("ignoring a bad request from {}: {}", c.id(), e.getMessage()));
      }
      return;
    }
    handle(c, message);
  }

  private void handle(Connection c, ClientMessage message) {
    if (message instanceof ClientMessage.JoinGroup m) {
      ack(m.ackId(), c.joinGroup(m.group(), boxed(m.ackId())));
    } else if (message instanceof ClientMessage.LeaveGroup m) {
      ack(m.ackId(), c.leaveGroup(m.group(), boxed(m.ackId())));
    } else if (message instanceof ClientMessage.SendToGroup m) {
      ack(m.ackId(), c.sendToGroup(m.group(), dataType(m.data()), m.data().data(), m.noEcho(), boxed(m.ackId())));
    } else if (message instanceof ClientMessage.Event m) {
      ack(m.ackId(), c.sendEvent(new UserEvent(m.event(), dataType(m.data()), m.data().data()), boxed(m.ackId())));
    } else if (message instanceof ClientMessage.SequenceAck m) {
      c.sequenceAck(m.sequenceId());
    } else if (message instanceof ClientMessage.Ping) {
      send(new ServerMessage.Pong());
    } else if (message instanceof ClientMessage.Unsupported m) {
      m.ackId().ifPresent(id -> send(ServerMessage.Ack.failure(id, AckErrorName.BAD_REQUEST, m.message())));
    }
  }

  private static DataType dataType(Payload p) {
    return p.dataType();
  }

  private static Long boxed(OptionalLong id) {
    return id.isPresent() ? id.getAsLong() : null;
  }

  private void ack(OptionalLong ackId, CompletableFuture<ClientResult> result) {
    result.whenComplete((r, t) -> {
      if (ackId.isEmpty()) {
        if (t != null) {
          log.warn("client operation failed", t);
        }
        return;
      }
      long id = ackId.getAsLong();
      if (t != null) {
        send(ServerMessage.Ack.failure(id, AckErrorName.INTERNAL_SERVER_ERROR, String.valueOf(t.getMessage())));
      } else if (r.isSuccess()) {
        send(ServerMessage.Ack.success(id));
      } else {
        send(ServerMessage.Ack.failure(id, errorName(r.status()), r.message()));
      }
    });
  }

  private static AckErrorName errorName(ClientResult.Status status) {
    return switch (status) {
      case DUPLICATE -> AckErrorName.DUPLICATE;
      case FORBIDDEN -> AckErrorName.FORBIDDEN;
      case BAD_REQUEST -> AckErrorName.BAD_REQUEST;
      case INTERNAL_SERVER_ERROR, OK -> AckErrorName.INTERNAL_SERVER_ERROR;
    };
  }

  private void onRawFrame(Connection c, byte[] data, boolean isText) {
    DataType type = isText ? DataType.TEXT : DataType.BINARY;
    CompletableFuture<ClientResult> result = rawGroup != null
        ? c.sendToGroup(rawGroup, type, data, rawNoEcho, null)
        : c.sendEvent(new UserEvent("message", type, data), null);
    result.whenComplete((r, t) -> {
      if (t != null || !r.isSuccess()) {
        String why = t != null ? String.valueOf(t.getMessage()) : r.errorName() + ": " + r.message();
        int code = r != null && r.status() == ClientResult.Status.FORBIDDEN ? POLICY_VIOLATION : INTERNAL_ERROR;
        log.debug("closing simple client {}: {}", c.id(), why);
        session.close(code, closeReason(why));
      }
    });
  }

  /**
   * The transport closed; a reliable client's abrupt drop leaves the connection recoverable. A
   * close the client started with a close frame is deliberate whatever its code: the JS client
   * SDK's {@code stop()} sends one without a status (seen here as 1005), and keeping that
   * connection for the recovery window would keep its user and groups "existing" after the
   * client left.
   */
  void onTransportClosed(CloseEvent event) {
    Connection c = connection;
    if (c == null) {
      return;
    }
    String slow = overflow.get();
    if (slow != null) {
      c.transportClosed(this, slow, c.isReliable());
      return;
    }
    boolean deliberate = closedByHub || (event.remote() && event.wasClean())
        || event.code() == 1000 || event.code() == 1001;
    boolean recoverable = c.isReliable() && !deliberate;
    c.transportClosed(this, event.reason().isEmpty() ? "closed with " + event.code() : event.reason(), recoverable);
  }

  @Override
  public String toString() {
    Connection c = connection;
    return "ClientSession[" + (c == null ? "unregistered" : c.hub() + "/" + c.id()) + ", " + encoding()
        + ", " + session.readyState() + ", buffered=" + session.bufferedAmount()
        + (overflow.get() == null ? "" : ", cut off: too slow") + "]";
  }
}
