package dev.switchboard.conformance;

import static dev.switchboard.conformance.FuzzCase.fails;
import static dev.switchboard.conformance.Script.script;
import static dev.switchboard.conformance.Wire.raw;
import static dev.switchboard.conformance.Wire.utf8;

import dev.switchboard.conformance.Script.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn group 3 (reserved bits) and group 4 (reserved opcodes). With no extension negotiated,
 * any RSV bit or reserved opcode fails the connection with 1002 (RFC 6455 §5.2): the valid message
 * before it is still echoed, the ping behind it is not answered.
 */
final class ReservedBitsCases {

  private static final byte[] HELLO = utf8("Hello, world!");
  private static final byte[] PING_PAYLOAD = utf8("ping payload");

  private ReservedBitsCases() {}

  static List<FuzzCase> cases() {
    List<FuzzCase> c = new ArrayList<>();
    reservedBits(c);
    reservedOpcodes(c);
    return c;
  }

  /**
   * 3.1–3.7: RSV 1 to 7 on a text, binary or ping frame (Autobahn sets one combination per case;
   * here every value on each of the three, delivered in Autobahn's three ways in turn), and
   * 3.7's close frame with RSV 7.
   */
  private static void reservedBits(List<FuzzCase> c) {
    String[] names = {"text", "binary", "ping"};
    int[] opcodes = {Wire.TEXT, Wire.BINARY, Wire.PING};
    for (int rsv = 1; rsv <= 7; rsv++) {
      for (int k = 0; k < opcodes.length; k++) {
        Delivery d = Delivery.values()[(rsv + k) % Delivery.values().length];
        byte[] bad = raw(true, rsv, opcodes[k], HELLO);
        c.add(framedByValidMessageAndPing("3." + rsv + "-" + names[k],
            "like Autobahn 3." + rsv + ": " + names[k] + " frame with RSV=" + rsv + ", written " + d, d, bad));
      }
    }
    c.add(framedByValidMessageAndPing("3.7", "Autobahn 3.7: close frame with RSV=7", Delivery.AT_ONCE,
        raw(true, 7, Wire.CLOSE, Wire.concat(new byte[] {0x03, (byte) 0xE8}))));
  }

  /** 4.1.1–4.1.5 (opcodes 3–7) and 4.2.1–4.2.5 (opcodes 0xB–0xF), with and without payload. */
  private static void reservedOpcodes(List<FuzzCase> c) {
    int[] opcodes = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
    for (int i = 0; i < opcodes.length; i++) {
      String id = (opcodes[i] < 8 ? "4.1." : "4.2.") + (i % 5 + 1);
      byte[] payload = i % 2 == 0 ? new byte[0] : utf8("reserved opcode payload");
      Delivery d = i % 5 == 4 ? Delivery.FRAME_BY_FRAME : Delivery.AT_ONCE;
      c.add(framedByValidMessageAndPing(id,
          "Autobahn " + id + ": " + (opcodes[i] < 8 ? "data" : "control") + " frame with reserved opcode 0x"
              + Integer.toHexString(opcodes[i]) + " and " + payload.length + " bytes of payload",
          d, raw(true, 0, opcodes[i], payload)));
    }
  }

  /** A valid text message, the {@code bad} frame, then a ping: echo, 1002, no pong. */
  private static FuzzCase framedByValidMessageAndPing(String id, String description, Delivery d, byte[] bad) {
    return fails(id, description + ": message before it echoed, ping after it ignored, close 1002",
        script().send(d, Wire.text(true, HELLO), bad, Wire.ping(PING_PAYLOAD)),
        1002, Received.text(HELLO));
  }
}
