package dev.switchboard.bench;

import dev.switchboard.protocol.Opcode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark method produced, recorded only when a test asks for it: benchmarks leave
 * their {@code trace} field null, so the hot path pays one null check, the same on both sides.
 * Not thread-safe.
 */
public final class Trace {

  private final List<String> events = new ArrayList<>();

  public List<String> events() {
    return events;
  }

  void add(String event) {
    events.add(event);
  }

  /** One decoded data frame: its type, FIN and payload. */
  void frame(Opcode type, boolean fin, ByteBuffer payload) {
    events.add(type + (fin ? " fin " : " ") + hex(payload));
  }

  /** The bytes between position and limit, as hex; position and limit are left alone. */
  static String hex(ByteBuffer b) {
    StringBuilder s = new StringBuilder(b.remaining() * 2);
    for (int i = b.position(); i < b.limit(); i++) {
      s.append(Character.forDigit((b.get(i) >> 4) & 0xF, 16)).append(Character.forDigit(b.get(i) & 0xF, 16));
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "Trace[" + events.size() + " events]";
  }
}
