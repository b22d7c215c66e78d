package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.interop.PeerEvent.Opened;
import dev.switchboard.websocket.interop.PeerEvent.Ping;
import dev.switchboard.websocket.interop.PeerEvent.Pong;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Switchboard's own end of a connection: a {@link Session} and what its {@link Endpoint} saw. */
final class OurSide implements Side {

  private final String name;
  private final Session session;
  private final EventLog events;

  private OurSide(String name, Session session) {
    this.name = name;
    this.session = session;
    this.events = new EventLog(name);
  }

  /**
   * An endpoint that gives each session an {@link OurSide} (as its attachment), records its
   * events, and, if {@code echo}, sends every data message back.
   */
  static Endpoint recorder(String name, boolean echo, Consumer<OurSide> onOpen) {
    return new Endpoint() {
      @Override
      public void onOpen(Session session) {
        OurSide side = new OurSide(name, session);
        session.attachment(side);
        side.events.add(new Opened());
        onOpen.accept(side);
      }

      @Override
      public void onText(Session session, String text) {
        side(session).events.message(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
        if (echo) {
          session.sendText(text);
        }
      }

      @Override
      public void onBinary(Session session, ByteBuffer data) {
        side(session).events.message(MessageType.BINARY, bytes(data));
        if (echo) {
          session.sendBinary(data);
        }
      }

      @Override
      public void onPing(Session session, ByteBuffer payload) {
        side(session).events.add(new Ping(bytes(payload)));
      }

      @Override
      public void onPong(Session session, ByteBuffer payload) {
        side(session).events.add(new Pong(bytes(payload)));
      }

      @Override
      public void onError(Session session, Throwable error) {
        side(session).events.add(new PeerEvent.Failed(String.valueOf(error)));
      }

      @Override
      public void onClose(Session session, CloseEvent event) {
        side(session).events.closed(event.code(), event.reason(), event.wasClean());
      }
    };
  }

  private static OurSide side(Session session) {
    return (OurSide) session.attachment();
  }

  static OurSide of(Session session) {
    return side(session);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] copy = new byte[b.remaining()];
    b.duplicate().get(copy);
    return copy;
  }

  Session session() {
    return session;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EventLog events() {
    return events;
  }

  @Override
  public boolean isOurs() {
    return true;
  }

  @Override
  public void sendText(String text) throws Exception {
    await(session.sendText(text));
  }

  @Override
  public void sendBinary(byte[] data) throws Exception {
    await(session.sendBinary(data));
  }

  @Override
  public void sendFragment(String part, boolean first, boolean last) throws Exception {
    await(session.sendFragment(MessageType.TEXT, ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)), last));
  }

  @Override
  public void ping(byte[] payload) throws Exception {
    await(session.ping(ByteBuffer.wrap(payload)));
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, reason);
  }

  @Override
  public void abort() {
    session.abort();
  }

  private static void await(CompletableFuture<?> f) throws Exception {
    f.get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return name + " " + session;
  }
}
