package dev.switchboard.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link FrameDecoder.Handler} that records events as strings, in two views:
 *
 * <ul>
 *   <li>{@link #events}: exactly as delivered, one entry per data chunk: {@code "start TEXT"},
 *       {@code "start TEXT compressed"}, {@code "data 48656c"}, {@code "data 6c6f last"},
 *       {@code "ping 48656c6c6f"}, {@code "pong "}, {@code "close 1000 bye"}, {@code "error 1002"};
 *   <li>{@link #messages}: independent of how bytes were split: chunks are joined and a message is
 *       recorded as {@code "start TEXT"} then {@code "end <payload>"} when its last chunk arrives.
 * </ul>
 */
final class Recorder implements FrameDecoder.Handler {

  final List<String> events = new ArrayList<>();
  final List<String> messages = new ArrayList<>();
  String lastErrorMessage;
  private ByteArrayOutputStream current;
  private Consumer<String> hook = e -> {};

  /** Runs {@code hook} after each raw event is recorded (to call {@link FrameDecoder#stop()}). */
  Recorder onEvent(Consumer<String> hook) {
    this.hook = hook;
    return this;
  }

  @Override
  public void onMessageStart(Opcode type, boolean compressed) {
    String e = "start " + type + (compressed ? " compressed" : "");
    current = new ByteArrayOutputStream();
    messages.add(e);
    record(e);
  }

  @Override
  public void onMessageData(ByteBuffer payload, boolean last) {
    byte[] b = Hex.copy(payload);
    if (current == null) {
      messages.add("DATA WITHOUT START");
      current = new ByteArrayOutputStream();
    }
    current.writeBytes(b);
    if (last) {
      messages.add("end " + Hex.describe(current.toByteArray()));
      current = null;
    }
    record("data " + Hex.describe(b) + (last ? " last" : ""));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    String e = "ping " + Hex.hex(payload);
    messages.add(e);
    record(e);
  }

  @Override
  public void onPong(ByteBuffer payload) {
    String e = "pong " + Hex.hex(payload);
    messages.add(e);
    record(e);
  }

  @Override
  public void onClose(int code, String reason) {
    String e = "close " + code + " " + reason;
    messages.add(e);
    record(e);
  }

  @Override
  public void onError(CloseCode code, String message) {
    String e = "error " + code.code();
    lastErrorMessage = message;
    messages.add(e);
    record(e);
  }

  private void record(String e) {
    events.add(e);
    hook.accept(e);
  }

  // ---- decoding helpers ----

  /** Decodes {@code bytes} in one heap buffer. */
  static Recorder whole(DecoderConfig config, byte[] bytes) {
    Recorder r = new Recorder();
    new FrameDecoder(config, r).decode(ByteBuffer.wrap(bytes.clone()));
    return r;
  }

  static Recorder whole(DecoderConfig config, String hex) {
    return whole(config, Hex.bytes(hex));
  }

  /** Decodes {@code bytes} one byte per call. */
  static Recorder bytewise(DecoderConfig config, byte[] bytes) {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(config, r);
    byte[] copy = bytes.clone();
    for (int i = 0; i < copy.length; i++) {
      d.decode(ByteBuffer.wrap(copy, i, 1));
    }
    return r;
  }

  /** Decodes {@code bytes} split before each of the ascending indexes {@code cuts}. */
  static Recorder split(DecoderConfig config, byte[] bytes, int... cuts) {
    Recorder r = new Recorder();
    FrameDecoder d = new FrameDecoder(config, r);
    byte[] copy = bytes.clone();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : copy.length;
      d.decode(ByteBuffer.wrap(copy, from, to - from));
      from = to;
    }
    return r;
  }

  /**
   * {@code bytes[from, to)} in a fresh buffer of the given kind, between position and limit, with
   * filler bytes on both sides so that a decoder reading outside its window would be noticed.
   */
  static ByteBuffer window(byte[] bytes, int from, int to, boolean direct, ByteOrder order) {
    int pad = 7;
    int n = to - from;
    ByteBuffer b = direct ? ByteBuffer.allocateDirect(n + 2 * pad) : ByteBuffer.allocate(n + 2 * pad);
    b.order(order);
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, (byte) 0x8F);
    }
    b.put(pad, bytes, from, n);
    b.position(pad).limit(pad + n);
    return b;
  }
}
