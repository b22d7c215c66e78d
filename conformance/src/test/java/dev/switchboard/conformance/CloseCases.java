package dev.switchboard.conformance;

import static dev.switchboard.conformance.FuzzCase.closes;
import static dev.switchboard.conformance.FuzzCase.echoes;
import static dev.switchboard.conformance.FuzzCase.fails;
import static dev.switchboard.conformance.Script.script;
import static dev.switchboard.conformance.Wire.close;
import static dev.switchboard.conformance.Wire.closeWithBody;
import static dev.switchboard.conformance.Wire.concat;
import static dev.switchboard.conformance.Wire.cont;
import static dev.switchboard.conformance.Wire.hex;
import static dev.switchboard.conformance.Wire.ping;
import static dev.switchboard.conformance.Wire.text;
import static dev.switchboard.conformance.Wire.utf8;

import dev.switchboard.protocol.CloseCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn group 7: the closing handshake (RFC 6455 §5.5.1, §7). The client echoes a valid close
 * with the same code and waits for the server to drop TCP, ignores everything after the close, and
 * fails with 1002 on a malformed close (1-byte body, too long, a code that may not be sent) or
 * 1007 on a reason that is not UTF-8.
 */
final class CloseCases {

  /** 7.7.1–7.7.13: the codes Autobahn lists as valid, in its order. */
  private static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};

  /** Registered since Autobahn's list was written (IANA): valid on the wire for our codec too. */
  private static final int[] LATER_REGISTERED = {1012, 1013, 1014};

  /** 7.9.1–7.9.9: codes that may never be sent, in Autobahn's order. */
  private static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};

  private CloseCases() {}

  static List<FuzzCase> cases() {
    List<FuzzCase> c = new ArrayList<>();
    afterTheClose(c);
    closeBodies(c);
    closeCodes(c);
    return c;
  }

  /** 7.1.1–7.1.6: what comes after a close frame is ignored (RFC 6455 §1.4, §5.5.1). */
  private static void afterTheClose(List<FuzzCase> c) {
    byte[] close = close(1000, "");
    c.add(echoes("7.1.1", "Autobahn 7.1.1: a text echoed, then a normal close from the peer echoed with 1000",
        script().send(text("Hello World!")), Received.text("Hello World!")));
    c.add(closes("7.1.2", "Autobahn 7.1.2: two close frames: the second ignored",
        script().send(close, close), 1000, ""));
    c.add(closes("7.1.3", "Autobahn 7.1.3: a ping after the close is not answered",
        script().send(close, ping("Hello World!")), 1000, ""));
    c.add(closes("7.1.4", "Autobahn 7.1.4: a text after the close is not echoed",
        script().send(close, text("Hello World!")), 1000, ""));
    c.add(closes("7.1.5", "Autobahn 7.1.5: the first fragment of a text, the close, the last fragment: not echoed",
        script().send(text(false, utf8("fragment1")), close, cont(true, "fragment2")), 1000, ""));
    byte[] big = Wire.mixedText(256 * 1024);
    c.add(closes("7.1.6", "Autobahn 7.1.6: a 256 KiB text, the close, a ping: the text is echoed before the close, "
            + "the ping ignored",
        script().send(text(true, big), close, ping("Hello World!")), 1000, "", Received.text(big)));
  }

  /** 7.3.1–7.3.6 and 7.5.1: the close frame's body. */
  private static void closeBodies(List<FuzzCase> c) {
    c.add(closes("7.3.1", "Autobahn 7.3.1: a close without body is answered with one; onClose reports 1005",
        script().send(closeWithBody(new byte[0])), CloseCode.NO_STATUS_RECEIVED.code(), ""));
    c.add(fails("7.3.2", "Autobahn 7.3.2: a close with a 1-byte body (half a code) fails with 1002",
        script().send(closeWithBody(new byte[] {0x03})), 1002));
    c.add(closes("7.3.3", "Autobahn 7.3.3: close 1000 without reason, echoed",
        script().send(close(1000, "")), 1000, ""));
    c.add(closes("7.3.3-with-101", "Autobahn 7.3.3: close 1000 in the same TCP write as the 101 answer, echoed",
        script().sendWithUpgrade(close(1000, "")), 1000, ""));
    c.add(fails("7.3.2-with-101", "Autobahn 7.3.2: a 1-byte close body in the same TCP write as the 101 answer fails "
            + "with 1002", script().sendWithUpgrade(closeWithBody(new byte[] {0x03})), 1002));
    c.add(closes("7.3.4", "Autobahn 7.3.4: close 1000 with a reason, echoed; onClose has the reason",
        script().send(close(1000, "Hello World!")), 1000, "Hello World!"));
    String longest = "*".repeat(123);
    c.add(closes("7.3.5", "Autobahn 7.3.5: close 1000 with a 123-byte reason (the longest that fits), echoed",
        script().send(close(1000, longest)), 1000, longest));
    c.add(fails("7.3.6", "Autobahn 7.3.6: close 1000 with a 124-byte reason (a 126-byte control frame) fails with 1002",
        script().send(close(1000, longest + "*")), 1002));
    byte[] invalidReason = concat(new byte[] {0x03, (byte) 0xE8}, hex("cebae1bdb9cf83cebcceb5eda080656469746564"));
    c.add(fails("7.5.1", "Autobahn 7.5.1: close 1000 with a reason that is not UTF-8 (a surrogate) fails with 1007",
        script().send(closeWithBody(invalidReason)), 1007));
  }

  /** 7.7.x, 7.9.x, 7.13.x: every code is judged by CloseCode.isValidOnWire (RFC 6455 §7.4). */
  private static void closeCodes(List<FuzzCase> c) {
    for (int i = 0; i < VALID_CODES.length; i++) {
      validCode(c, "7.7." + (i + 1), "Autobahn 7.7." + (i + 1), VALID_CODES[i]);
    }
    for (int code : LATER_REGISTERED) {
      validCode(c, "7.7-" + code, "like Autobahn 7.7.x", code);
    }
    for (int i = 0; i < INVALID_CODES.length; i++) {
      invalidCode(c, "7.9." + (i + 1), "Autobahn 7.9." + (i + 1), INVALID_CODES[i]);
    }
    invalidCode(c, "7.9-1015", "like Autobahn 7.9.x (1015 is reported locally, never sent)", 1015);
    invalidCode(c, "7.13.1", "Autobahn 7.13.1", 5000);
    invalidCode(c, "7.13.2", "Autobahn 7.13.2", 65535);
  }

  private static void validCode(List<FuzzCase> c, String id, String source, int code) {
    c.add(closes(id, source + ": close " + code + " is echoed with " + code + "; onClose reports it, clean",
        script().send(close(code, "")), code, ""));
  }

  private static void invalidCode(List<FuzzCase> c, String id, String source, int code) {
    c.add(fails(id, source + ": close code " + code + " may not be sent; the client fails with 1002",
        script().send(close(code, "")), 1002));
  }
}
