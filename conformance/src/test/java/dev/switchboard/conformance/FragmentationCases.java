package dev.switchboard.conformance;

import static dev.switchboard.conformance.FuzzCase.echoes;
import static dev.switchboard.conformance.FuzzCase.fails;
import static dev.switchboard.conformance.Script.script;
import static dev.switchboard.conformance.Wire.cont;
import static dev.switchboard.conformance.Wire.frame;
import static dev.switchboard.conformance.Wire.ping;
import static dev.switchboard.conformance.Wire.raw;
import static dev.switchboard.conformance.Wire.text;
import static dev.switchboard.conformance.Wire.utf8;

import dev.switchboard.conformance.Script.Delivery;
import dev.switchboard.protocol.Opcode;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn group 5: fragmentation (RFC 6455 §5.4). A fragmented message is echoed whole, control
 * frames may come between its fragments and are answered at once, and every broken sequence
 * (fragmented control frame, continuation with nothing to continue, a new message inside one)
 * fails with 1002.
 */
final class FragmentationCases {

  private static final byte[] F1 = utf8("fragment1");
  private static final byte[] F2 = utf8("fragment2");
  private static final Delivery[] THREE_WAYS = {Delivery.AT_ONCE, Delivery.BYTE_BY_BYTE, Delivery.FRAME_BY_FRAME};

  private FragmentationCases() {}

  static List<FuzzCase> cases() {
    List<FuzzCase> c = new ArrayList<>();
    fragmentedControlFrames(c);
    fragmentedMessages(c, Opcode.TEXT, "");
    fragmentedMessages(c, Opcode.BINARY, "-binary");
    orphanContinuations(c);
    interleavedMessages(c);
    pingsBetweenManyFragments(c);
    return c;
  }

  /** 5.1, 5.2: control frames must not be fragmented (RFC 6455 §5.5); a close neither. */
  private static void fragmentedControlFrames(List<FuzzCase> c) {
    String[] ids = {"5.1", "5.2", "5.2-close"};
    int[] opcodes = {Wire.PING, Wire.PONG, Wire.CLOSE};
    for (int i = 0; i < ids.length; i++) {
      c.add(fails(ids[i], (i < 2 ? "Autobahn " : "like Autobahn 5.1 with a close, ") + ids[i]
              + ": control frame 0x" + Integer.toHexString(opcodes[i]) + " sent in 2 fragments fails with 1002",
          script().send(raw(false, 0, opcodes[i], F1), cont(true, F2)), 1002));
    }
  }

  /**
   * 5.3–5.5: a message in 2 fragments, echoed whole; 5.6–5.8: the same with a ping between the
   * fragments, answered before the echo. Each written at once, byte by byte, frame by frame.
   */
  private static void fragmentedMessages(List<FuzzCase> c, Opcode type, String suffix) {
    byte[] whole = Wire.concat(F1, F2);
    byte[] first = frame(false, type, F1);
    byte[] last = cont(true, F2);
    for (int i = 0; i < THREE_WAYS.length; i++) {
      Delivery d = THREE_WAYS[i];
      String id = "5." + (3 + i) + suffix;
      c.add(echoes(id, "Autobahn " + id + ": " + type + " message in 2 fragments, written " + d + ", echoed whole",
          script().send(d, first, last), Received.message(type, whole)));
      String pingId = "5." + (6 + i) + suffix;
      c.add(echoes(pingId, "Autobahn " + pingId + ": " + type + " message in 2 fragments with a ping between them, written "
              + d + ": pong first, then the whole message",
          script().send(d, first, ping("ping payload"), last), Received.pong("ping payload"), Received.message(type, whole)));
    }
  }

  /**
   * 5.9–5.14: a continuation frame (final or not) with no message to continue fails with 1002,
   * and the valid text behind it is not echoed.
   */
  private static void orphanContinuations(List<FuzzCase> c) {
    for (int k = 0; k < 2; k++) {
      boolean fin = k == 0;
      for (int i = 0; i < THREE_WAYS.length; i++) {
        String id = "5." + (9 + 3 * k + i);
        c.add(fails(id, "Autobahn " + id + ": continuation (FIN=" + fin + ") with nothing to continue, written "
                + THREE_WAYS[i] + ", fails with 1002; the text behind it is not echoed",
            script().send(THREE_WAYS[i], cont(fin, "non-continuation payload"), text("Hello, world!")), 1002));
      }
    }
  }

  /** 5.15–5.18: a new message, or a stray continuation, inside or around a fragmented one. */
  private static void interleavedMessages(List<FuzzCase> c) {
    c.add(fails("5.15", "Autobahn 5.15: a whole fragmented text, then a continuation with nothing to continue: "
            + "the first echoed, then 1002",
        script().send(text(false, F1), cont(true, F2), cont(false, "fragment3"), text("fragment4")),
        1002, Received.text(Wire.concat(F1, F2))));
    byte[][] nonFinFirst = {cont(false, F1), text(false, F2), cont(true, "fragment3")};
    byte[][] finFirst = {cont(true, F1), text(false, F2), cont(true, "fragment3")};
    c.add(fails("5.16", "Autobahn 5.16: non-final continuation, text, continuation (twice) fails with 1002 at once",
        script().send(nonFinFirst).send(nonFinFirst), 1002));
    c.add(fails("5.17", "Autobahn 5.17: final continuation, text, continuation (twice) fails with 1002 at once",
        script().send(finFirst).send(finFirst), 1002));
    c.add(fails("5.18", "Autobahn 5.18: a text frame starting a new message inside a fragmented text fails with 1002",
        script().send(text(false, F1), text(true, F2)), 1002));
    c.add(fails("5.18-binary", "like Autobahn 5.18: a binary frame starting a new message inside a fragmented text "
            + "fails with 1002",
        script().send(text(false, F1), frame(true, Opcode.BINARY, F2)), 1002));
  }

  /**
   * 5.19, 5.20: a text in 5 fragments with a ping after the 2nd and the 4th. The peer waits for
   * each pong before sending on, so a client holding pongs until the message ends would stall.
   */
  private static void pingsBetweenManyFragments(List<FuzzCase> c) {
    Delivery[] ways = {Delivery.FRAME_BY_FRAME, Delivery.BYTE_BY_BYTE};
    for (int i = 0; i < ways.length; i++) {
      Delivery d = ways[i];
      String id = "5." + (19 + i);
      c.add(echoes(id, "Autobahn " + id + ": text in 5 fragments, written " + d + ", pings after the 2nd and 4th "
              + "answered before the message ends, then the whole message",
          script()
              .send(d, text(false, utf8("fragment1")), cont(false, "fragment2"), ping("pongme 1!"))
              .awaitFrames(1)
              .send(d, cont(false, "fragment3"), cont(false, "fragment4"), ping("pongme 2!"))
              .awaitFrames(2)
              .send(d, cont(true, "fragment5")),
          Received.pong("pongme 1!"), Received.pong("pongme 2!"),
          Received.text("fragment1fragment2fragment3fragment4fragment5")));
    }
  }
}
