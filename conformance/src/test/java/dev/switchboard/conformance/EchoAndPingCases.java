package dev.switchboard.conformance;

import static dev.switchboard.conformance.FuzzCase.echoes;
import static dev.switchboard.conformance.FuzzCase.fails;
import static dev.switchboard.conformance.Script.script;
import static dev.switchboard.conformance.Wire.filled;
import static dev.switchboard.conformance.Wire.frame;
import static dev.switchboard.conformance.Wire.hex;
import static dev.switchboard.conformance.Wire.ping;
import static dev.switchboard.conformance.Wire.pong;
import static dev.switchboard.conformance.Wire.utf8;

import dev.switchboard.conformance.Script.Delivery;
import dev.switchboard.protocol.Opcode;
import java.util.ArrayList;
import java.util.List;

/** Autobahn group 1 (text and binary messages of every length encoding) and group 2 (pings, pongs). */
final class EchoAndPingCases {

  /** Lengths either side of the 7-bit, 16-bit and 64-bit length encodings (RFC 6455 §5.2). */
  private static final int[] SIZES = {0, 125, 126, 127, 128, 65535, 65536};

  private EchoAndPingCases() {}

  static List<FuzzCase> cases() {
    List<FuzzCase> c = new ArrayList<>();
    messages(c, "1.1", Opcode.TEXT, '*');
    messages(c, "1.2", Opcode.BINARY, 0xFE);
    pings(c);
    unsolicitedPongs(c);
    return c;
  }

  /** 1.1.1–1.1.8 and 1.2.1–1.2.8, each size also written one byte per TCP write. */
  private static void messages(List<FuzzCase> c, String prefix, Opcode type, int fill) {
    String name = type.name().toLowerCase();
    for (int i = 0; i < SIZES.length; i++) {
      byte[] payload = filled(SIZES[i], fill);
      byte[] frame = frame(true, type, payload);
      String id = prefix + "." + (i + 1);
      for (Delivery d : List.of(Delivery.AT_ONCE, Delivery.BYTE_BY_BYTE)) {
        c.add(echoes(id + (d == Delivery.AT_ONCE ? "" : "-bytewise"),
            "Autobahn " + id + ": " + name + " message of " + SIZES[i] + " bytes, written " + d + ", echoed",
            script().send(d, frame), Received.message(type, payload)));
      }
    }
    byte[] small = filled(SIZES[1], fill);
    c.add(echoes(prefix + ".2-with-101", "Autobahn " + prefix + ".2: " + name + " message of 125 bytes in the same TCP "
            + "write as the 101 answer, echoed", script().sendWithUpgrade(frame(true, type, small)),
        Received.message(type, small)));
    byte[] payload = filled(65536, fill);
    c.add(echoes(prefix + ".8", "Autobahn " + prefix + ".8: " + name + " message of 65536 bytes in writes of 997 bytes, echoed",
        script().chunked(997, frame(true, type, payload)), Received.message(type, payload)));
  }

  /** 2.1–2.6, 2.9–2.11: every ping is answered by a pong with the same payload, at once. */
  private static void pings(List<FuzzCase> c) {
    byte[][] payloads = {new byte[0], utf8("Hello, world!"), hex("00 ff fe fd fc fb 00 ff"), filled(125, 0xFE)};
    String[] what = {"empty", "text", "binary", "125-byte"};
    for (int i = 0; i < payloads.length; i++) {
      c.add(echoes("2." + (i + 1), "Autobahn 2." + (i + 1) + ": " + what[i] + " ping answered by a pong with its payload",
          script().send(ping(payloads[i])), Received.pong(payloads[i])));
    }
    c.add(fails("2.5", "Autobahn 2.5: ping with 126 bytes of payload (over 125, RFC 6455 §5.5) fails with 1002",
        script().send(ping(filled(126, 0xFE))), 1002));
    c.add(echoes("2.6", "Autobahn 2.6: 125-byte ping written one byte at a time, answered",
        script().send(Delivery.BYTE_BY_BYTE, ping(filled(125, 0xFE))), Received.pong(filled(125, 0xFE))));
    c.add(echoes("2.9", "Autobahn 2.9: unsolicited pong, then a ping: only the ping is answered",
        script().send(pong(utf8("unsolicited pong payload")), ping("ping payload")), Received.pong("ping payload")));
    byte[][] tenPings = new byte[10][];
    Received[] tenPongs = new Received[10];
    for (int i = 0; i < 10; i++) {
      tenPings[i] = ping("payload-" + i);
      tenPongs[i] = Received.pong("payload-" + i);
    }
    c.add(echoes("2.10", "Autobahn 2.10: 10 pings in one write, 10 pongs in order",
        script().send(tenPings), tenPongs));
    c.add(echoes("2.11", "Autobahn 2.11: 10 pings, one write each, 10 pongs in order",
        script().send(Delivery.FRAME_BY_FRAME, tenPings), tenPongs));
    c.add(echoes("2.10-with-101", "Autobahn 2.10: 10 pings in the same TCP write as the 101 answer, 10 pongs in order",
        script().sendWithUpgrade(tenPings), tenPongs));
  }

  /** 2.7, 2.8: a pong nobody asked for is ignored (RFC 6455 §5.5.3). */
  private static void unsolicitedPongs(List<FuzzCase> c) {
    c.add(echoes("2.7", "Autobahn 2.7: unsolicited empty pong ignored", script().send(pong(new byte[0]))));
    c.add(echoes("2.8", "Autobahn 2.8: unsolicited pong with payload ignored",
        script().send(pong(utf8("unsolicited pong payload")))));
  }
}
