package dev.switchboard.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates valid frame sequences for property tests: data messages of random type, size and
 * fragmentation with pings and pongs between fragments, masked as the decoding role requires,
 * optionally ended by a close frame (and bytes after it, which must be ignored). Specs are small
 * values (sizes and seeds) so jqwik can shrink them; bytes are made from them deterministically.
 */
final class FrameScenarios {

  private FrameScenarios() {}

  record ControlSpec(boolean ping, int size, long seed) {}

  record MessageSpec(boolean text, boolean compressed, int size, long seed, List<Integer> cuts, List<ControlSpec> between) {}

  record CloseSpec(int code, int reasonChars, long seed) {}

  record Scenario(
      Role role, boolean acceptUnmasked, boolean rsv1Allowed, List<MessageSpec> messages, CloseSpec close, long maskSeed) {

    DecoderConfig config() {
      return DecoderConfig.of(role).withAcceptUnmasked(acceptUnmasked).withRsv1Allowed(rsv1Allowed);
    }
  }

  /** A scenario's bytes and the {@link Recorder#messages} a correct decoder produces from them. */
  record Built(byte[] bytes, List<String> expected) {}

  // ---- arbitraries ----

  /** Mostly small; some need a 16-bit length; a few (when {@code max} allows) a 64-bit one. */
  static Arbitrary<Integer> payloadSize(int max) {
    return Arbitraries.frequencyOf(
        Tuple.of(14, Arbitraries.integers().between(0, 130)),
        Tuple.of(4, Arbitraries.integers().between(0, Math.min(3000, max))),
        Tuple.of(1, Arbitraries.integers().between(0, max)),
        Tuple.of(1, Arbitraries.integers().between(Math.min(65530, max), max)));
  }

  static Arbitrary<ControlSpec> controls() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 125), Arbitraries.longs())
        .as(ControlSpec::new);
  }

  static Arbitrary<MessageSpec> messages(int maxSize) {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            payloadSize(maxSize),
            Arbitraries.longs(),
            Arbitraries.integers().between(0, maxSize).list().ofMaxSize(3),
            controls().list().ofMaxSize(3))
        .as(MessageSpec::new);
  }

  static Arbitrary<CloseSpec> closes() {
    Arbitrary<Integer> codes = Arbitraries.oneOf(
        Arbitraries.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014),
        Arbitraries.integers().between(3000, 4999));
    return Combinators.combine(codes, Arbitraries.integers().between(0, 126), Arbitraries.longs()).as(CloseSpec::new);
  }

  static Arbitrary<Scenario> scenarios(int maxPayload, int maxMessages) {
    return Combinators.combine(
            Arbitraries.of(Role.values()),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            messages(maxPayload).list().ofMaxSize(maxMessages),
            Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((CloseSpec) null)), Tuple.of(1, closes())),
            Arbitraries.longs())
        .as(Scenario::new);
  }

  // ---- building bytes ----

  /** Valid UTF-8 of at least {@code size} bytes (at most 3 more), mixing 1- to 4-byte code points. */
  static byte[] text(int size, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    while (bytes < size) {
      int cp;
      switch (r.nextInt(4)) {
        case 0:
          cp = r.nextInt(0x80);
          bytes += 1;
          break;
        case 1:
          cp = 0x80 + r.nextInt(0x800 - 0x80);
          bytes += 2;
          break;
        case 2:
          cp = 0x800 + r.nextInt(0x10000 - 0x800 - 0x800);
          cp = cp >= 0xD800 ? cp + 0x800 : cp; // skip the surrogates
          bytes += 3;
          break;
        default:
          cp = 0x10000 + r.nextInt(0x110000 - 0x10000);
          bytes += 4;
          break;
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Built build(Scenario s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    Random masks = new Random(s.maskSeed());
    FrameWriter w = new FrameWriter(s.role(), s.acceptUnmasked(), masks, out);
    for (MessageSpec m : s.messages()) {
      byte[] payload = m.text() ? text(m.size(), m.seed()) : random(m.size(), m.seed());
      boolean compressed = m.compressed() && s.rsv1Allowed();
      List<Integer> cuts = new ArrayList<>();
      for (int c : m.cuts()) {
        cuts.add(c % (payload.length + 1));
      }
      cuts.sort(null);
      cuts.add(payload.length);
      List<ControlSpec> between = m.between();
      if (cuts.size() == 1) {
        // One frame: no gap to put control frames in, so they go before the message.
        between.forEach(c -> w.control(c, expected));
      }
      int from = 0;
      for (int i = 0; i < cuts.size(); i++) {
        int to = cuts.get(i);
        boolean first = i == 0;
        boolean fin = i == cuts.size() - 1;
        Opcode op = first ? (m.text() ? Opcode.TEXT : Opcode.BINARY) : Opcode.CONTINUATION;
        w.frame(fin, first && compressed, op, java.util.Arrays.copyOfRange(payload, from, to));
        if (first) {
          expected.add("start " + (m.text() ? "TEXT" : "BINARY") + (compressed ? " compressed" : ""));
        }
        if (fin) {
          expected.add("end " + Hex.describe(payload));
        } else {
          // Gap i gets the control frames whose index is i modulo the number of gaps.
          for (int k = 0; k < between.size(); k++) {
            if (k % (cuts.size() - 1) == i) {
              w.control(between.get(k), expected);
            }
          }
        }
        from = to;
      }
    }
    if (s.close() != null) {
      CloseSpec c = s.close();
      String reason = new String(text(c.reasonChars(), c.seed()), StandardCharsets.UTF_8);
      while (reason.getBytes(StandardCharsets.UTF_8).length > FrameEncoder.MAX_CLOSE_REASON_BYTES) {
        reason = reason.substring(0, reason.offsetByCodePoints(reason.length(), -1));
      }
      w.frame(true, false, Opcode.CLOSE, FrameEncoder.closePayload(c.code(), reason));
      expected.add("close " + c.code() + " " + reason);
      // Whatever follows a close frame is ignored: a valid frame, then garbage.
      w.frame(true, false, Opcode.TEXT, "ignored".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(Hex.bytes("ff ff 00"));
    }
    return new Built(out.toByteArray(), expected);
  }

  /** Encodes frames with {@link FrameEncoder}, masked as the peer of {@code decoderRole} must. */
  private static final class FrameWriter {
    private final Role decoderRole;
    private final boolean acceptUnmasked;
    private final Random masks;
    private final ByteArrayOutputStream out;

    FrameWriter(Role decoderRole, boolean acceptUnmasked, Random masks, ByteArrayOutputStream out) {
      this.decoderRole = decoderRole;
      this.acceptUnmasked = acceptUnmasked;
      this.masks = masks;
      this.out = out;
    }

    void frame(boolean fin, boolean rsv1, Opcode op, byte[] payload) {
      boolean masked = decoderRole == Role.SERVER && (!acceptUnmasked || masks.nextBoolean());
      int key = masks.nextInt();
      out.writeBytes(Hex.copy(FrameEncoder.encode(fin, rsv1, op, ByteBuffer.wrap(payload), masked, key)));
    }

    void control(ControlSpec c, List<String> expected) {
      byte[] payload = random(c.size(), c.seed());
      frame(true, false, c.ping() ? Opcode.PING : Opcode.PONG, payload);
      expected.add((c.ping() ? "ping " : "pong ") + Hex.hex(payload));
    }
  }
}
