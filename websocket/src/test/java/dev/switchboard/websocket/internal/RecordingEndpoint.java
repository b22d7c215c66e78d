package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An endpoint that writes down every call as a short string ({@code "text:Hello"}, {@code
 * "ping:48656c6c6f"}, {@code "error:TimeoutException"}, {@code "close:1000"}) and can be told to
 * throw from one callback. Confined to the channel's loop, like any endpoint.
 */
final class RecordingEndpoint implements Endpoint {

  final List<String> events = new ArrayList<>();
  final List<CloseEvent> closes = new ArrayList<>();
  final List<Throwable> errors = new ArrayList<>();
  Session session;
  /** The callback that throws, by its event name ("open", "text", "pong"...), or null. */
  String throwOn;

  static final RuntimeException BOOM = new IllegalStateException("boom from the endpoint");

  private void record(String name, String detail) {
    events.add(detail == null ? name : name + ":" + detail);
    if (name.equals(throwOn)) {
      throw BOOM;
    }
  }

  private static String hex(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void onOpen(Session s) {
    session = s;
    record("open", null);
  }

  @Override
  public void onText(Session s, String text) {
    record("text", text);
  }

  @Override
  public void onBinary(Session s, ByteBuffer data) {
    record("binary", hex(data));
  }

  @Override
  public void onPing(Session s, ByteBuffer payload) {
    record("ping", hex(payload));
  }

  @Override
  public void onPong(Session s, ByteBuffer payload) {
    record("pong", hex(payload));
  }

  @Override
  public void onWritable(Session s) {
    record("writable", null);
  }

  @Override
  public void onError(Session s, Throwable error) {
    errors.add(error);
    events.add("error:" + error.getClass().getSimpleName());
  }

  @Override
  public void onClose(Session s, CloseEvent event) {
    closes.add(event);
    record("close", String.valueOf(event.code()));
  }

  /** The events recorded since the last call, emptied. */
  List<String> take() {
    List<String> out = List.copyOf(events);
    events.clear();
    return out;
  }
}
