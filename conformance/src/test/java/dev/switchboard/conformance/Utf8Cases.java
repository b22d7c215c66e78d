package dev.switchboard.conformance;

import static dev.switchboard.conformance.FuzzCase.echoes;
import static dev.switchboard.conformance.FuzzCase.fails;
import static dev.switchboard.conformance.Script.script;
import static dev.switchboard.conformance.Wire.concat;
import static dev.switchboard.conformance.Wire.cont;
import static dev.switchboard.conformance.Wire.hex;
import static dev.switchboard.conformance.Wire.text;
import static dev.switchboard.conformance.Wire.utf8;

import dev.switchboard.conformance.Script.Delivery;
import dev.switchboard.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Autobahn group 6: UTF-8 in text messages (RFC 6455 §8.1, RFC 3629). Valid text, however it is
 * cut into fragments and writes, is echoed; invalid text fails with 1007 as soon as the first bad
 * byte arrives, before the message (or even the frame) is complete: "fail fast" (6.4.x).
 */
final class Utf8Cases {

  /** "κόσμε", Markus Kuhn's test word: 11 bytes of 2- and 3-byte sequences. */
  private static final byte[] KOSME = hex("cebae1bdb9cf83cebcceb5");

  /** Autobahn's test vectors that are valid UTF-8: id, then the text as hex. */
  private static final String[] VALID = {
    "6.5.1 cebae1bdb9cf83cebcceb5",
    "6.7.1 00", "6.7.2 c280", "6.7.3 e0a080", "6.7.4 f0908080",
    "6.9.1 7f", "6.9.2 dfbf", "6.9.3 efbfbf", "6.9.4 f48fbfbf",
    "6.11.1 ed9fbf", "6.11.2 ee8080", "6.11.3 efbfbd", "6.11.4 f48fbfbf",
    "6.23.1 efbfbd",
  };

  /** Autobahn's test vectors that are not: overlong forms, surrogates, beyond U+10FFFF, stray bytes. */
  private static final String[] INVALID = {
    "6.8.1 f888808080", "6.8.2 fc8480808080",
    "6.10.1 f7bfbfbf", "6.10.2 fbbfbfbfbf", "6.10.3 fdbfbfbfbfbf",
    "6.11.5 f4908080",
    "6.12.1 80", "6.12.2 bf", "6.12.3 80bf", "6.12.4 80bf80", "6.12.5 80bf80bf", "6.12.6 80bf80bf80",
    "6.12.7 80bf80bf80bf",
    "6.14.1 c0", "6.14.2 e080", "6.14.3 f08080", "6.14.4 f8808080", "6.14.5 fc80808080",
    "6.14.6 df", "6.14.7 efbf", "6.14.8 f7bfbf", "6.14.9 fbbfbfbf", "6.14.10 fdbfbfbfbf",
    "6.15.1 c0e080f08080f8808080fc80808080dfefbff7bfbffbbfbfbffdbfbfbfbf",
    "6.16.1 fe", "6.16.2 ff", "6.16.3 fefeffff",
    "6.17.1 c0af", "6.17.2 e080af", "6.17.3 f08080af", "6.17.4 f8808080af", "6.17.5 fc80808080af",
    "6.18.1 c1bf", "6.18.2 e09fbf", "6.18.3 f08fbfbf", "6.18.4 f887bfbfbf", "6.18.5 fc83bfbfbfbf",
    "6.19.1 c080", "6.19.2 e08080", "6.19.3 f0808080", "6.19.4 f880808080", "6.19.5 fc8080808080",
    "6.20.1 eda080", "6.20.2 edadbf", "6.20.3 edae80", "6.20.4 edafbf", "6.20.5 edb080", "6.20.6 edbe80",
    "6.20.7 edbfbf",
    "6.21.1 eda080edb080", "6.21.2 eda080edbfbf", "6.21.3 edadbfedb080", "6.21.4 edadbfedbfbf",
    "6.21.5 edae80edb080", "6.21.6 edae80edbfbf", "6.21.7 edafbfedb080", "6.21.8 edafbfedbfbf",
  };

  private Utf8Cases() {}

  static List<FuzzCase> cases() {
    List<FuzzCase> c = new ArrayList<>();
    emptyAndSimple(c);
    splitsOfKosme(c);
    vectors(c);
    generatedVectors(c);
    prefixesOfKosme(c);
    failFast(c);
    return c;
  }

  /** 6.1.1–6.1.3 (empty fragments) and 6.2.1–6.2.4 (valid text in one frame, two, byte by byte). */
  private static void emptyAndSimple(List<FuzzCase> c) {
    byte[] none = new byte[0];
    c.add(echoedText("6.1.1", "empty text message", script().send(text(true, none)), none));
    c.add(echoedText("6.1.2", "text message of 3 empty fragments",
        script().send(text(false, none), cont(false, none), cont(true, none)), none));
    c.add(echoedText("6.1.3", "text message of empty, non-empty, empty fragments",
        script().send(text(false, none), cont(false, "middle frame payload"), cont(true, none)),
        utf8("middle frame payload")));
    byte[] hello = utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!");
    c.add(echoedText("6.2.1", "valid multi-byte text in one frame", script().send(text(true, hello)), hello));
    c.add(echoedText("6.2.2", "valid multi-byte text in 2 fragments cut between characters",
        script().send(Wire.fragmented(Opcode.TEXT, Arrays.copyOf(hello, 12), Arrays.copyOfRange(hello, 12, hello.length))),
        hello));
    c.add(echoedText("6.2.3", "valid multi-byte text written one byte at a time",
        script().send(Delivery.BYTE_BY_BYTE, text(true, hello)), hello));
    c.add(echoedText("6.2.4", "\"\u03ba\u1f79\u03c3\u03bc\u03b5\" in fragments of 1 byte, most of them inside characters",
        script().send(Wire.fragmented(Opcode.TEXT, Wire.pieces(KOSME, 1))), KOSME));
  }

  /**
   * Like 6.2.4: "κόσμε" and a 4-byte character in 2 fragments, cut at every byte position; a
   * character split across fragments is still valid (RFC 6455 §5.6).
   */
  private static void splitsOfKosme(List<FuzzCase> c) {
    byte[] globe = utf8("a\ud83c\udf0db");
    for (byte[] word : List.of(KOSME, globe)) {
      String name = word == KOSME ? "kosme" : "4-byte";
      for (int cut = 1; cut < word.length; cut++) {
        c.add(echoedText("6.2.4-" + name + "-" + cut,
            "like 6.2.4: \"" + new String(word, StandardCharsets.UTF_8) + "\" in 2 fragments cut after byte " + cut,
            script().send(Wire.fragmented(Opcode.TEXT, Arrays.copyOf(word, cut), Arrays.copyOfRange(word, cut, word.length))),
            word));
      }
    }
  }

  /** 6.5–6.21 and 6.23: Autobahn's single-frame vectors, valid ones echoed, invalid ones 1007. */
  private static void vectors(List<FuzzCase> c) {
    for (String v : VALID) {
      c.add(vector(v.substring(0, v.indexOf(' ')), hex(v.substring(v.indexOf(' ') + 1)), true));
    }
    for (String v : INVALID) {
      c.add(vector(v.substring(0, v.indexOf(' ')), hex(v.substring(v.indexOf(' ') + 1)), false));
    }
  }

  /**
   * The vectors Autobahn generates: 6.12.8 (every continuation byte), 6.13.1–6.13.5 (lead bytes
   * followed by a space) and 6.22.1–6.22.34 (the noncharacters U+nFFFE and U+nFFFF, which are
   * valid UTF-8).
   */
  private static void generatedVectors(List<FuzzCase> c) {
    c.add(vector("6.12.8", range(0x80, 0xBF, false), false));
    int[][] leads = {{0xC0, 0xDF}, {0xE0, 0xEF}, {0xF0, 0xF7}, {0xF8, 0xFB}, {0xFC, 0xFD}};
    for (int i = 0; i < leads.length; i++) {
      c.add(vector("6.13." + (i + 1), range(leads[i][0], leads[i][1], true), false));
    }
    for (int plane = 0; plane <= 0x10; plane++) {
      for (int low = 0; low < 2; low++) {
        int cp = plane << 16 | 0xFFFE | low;
        c.add(vector("6.22." + (plane * 2 + low + 1), utf8(new String(Character.toChars(cp))), true));
      }
    }
  }

  /** 6.6.1–6.6.11: every prefix of "κόσμε": valid where it ends between characters. */
  private static void prefixesOfKosme(List<FuzzCase> c) {
    List<Integer> boundaries = List.of(2, 5, 7, 9, 11);
    for (int n = 1; n <= KOSME.length; n++) {
      c.add(vector("6.6." + n, Arrays.copyOf(KOSME, n), boundaries.contains(n)));
    }
  }

  /**
   * 6.3.1, 6.3.2, 6.4.1–6.4.4: invalid UTF-8 in the middle of a message or frame. The peer waits
   * for the client's close before sending the rest: the client must close with 1007 on the
   * fragment or chunk with the bad byte, not when the message ends.
   */
  private static void failFast(List<FuzzCase> c) {
    byte[] bad = hex("f4908080"); // beyond U+10FFFF; the second byte is the first invalid one
    byte[] edited = utf8("edited");
    byte[] surrogate = concat(KOSME, hex("eda080"), edited); // U+D800; invalid at its second byte
    c.add(fails("6.3.1", "Autobahn 6.3.1: a surrogate inside a one-frame text fails with 1007",
        script().send(text(true, surrogate)), 1007));
    byte[] frame = text(true, surrogate);
    int badEnd = 2 + KOSME.length + 2;
    c.add(fails("6.3.2", "Autobahn 6.3.2: the same written one byte at a time: 1007 right after the bad byte",
        script().chunked(1, Arrays.copyOf(frame, badEnd)).awaitClientClose()
            .chunked(1, Arrays.copyOfRange(frame, badEnd, frame.length)),
        1007));
    c.add(fails("6.4.1", "Autobahn 6.4.1: text in 3 fragments, the 2nd invalid: 1007 before the 3rd is sent",
        script().send(text(false, KOSME)).send(cont(false, bad)).awaitClientClose().send(cont(true, edited)), 1007));
    c.add(fails("6.4.2", "Autobahn 6.4.2: the invalid sequence starts at the end of the 1st fragment and turns bad in "
            + "the 2nd: 1007 before the 3rd is sent",
        script().send(text(false, concat(KOSME, Arrays.copyOf(bad, 1))))
            .send(cont(false, Arrays.copyOfRange(bad, 1, 2))).awaitClientClose()
            .send(cont(true, concat(Arrays.copyOfRange(bad, 2, 4), edited))),
        1007));
    byte[] one = text(true, concat(KOSME, bad, edited));
    int head = 2 + KOSME.length;
    c.add(fails("6.4.3", "Autobahn 6.4.3: one frame written in 3 chunks, the 2nd invalid: 1007 before the frame ends",
        script().send(Arrays.copyOf(one, head)).send(Arrays.copyOfRange(one, head, head + 4)).awaitClientClose()
            .send(Arrays.copyOfRange(one, head + 4, one.length)),
        1007));
    c.add(fails("6.4.4", "Autobahn 6.4.4: as 6.4.3 with the bad sequence cut after its lead byte: 1007 on the "
            + "chunk with the first invalid byte",
        script().send(Arrays.copyOf(one, head)).send(Arrays.copyOfRange(one, head, head + 1))
            .send(Arrays.copyOfRange(one, head + 1, head + 2)).awaitClientClose()
            .send(Arrays.copyOfRange(one, head + 2, one.length)),
        1007));
    c.add(fails("6.4.5", "like 6.4.x: a fragmented text ending inside a character (truncated at the end) fails with 1007",
        script().send(text(false, KOSME), cont(true, hex("ce"))), 1007));
  }

  private static FuzzCase vector(String id, byte[] payload, boolean valid) {
    String what = "text 0x" + HexFormat.of().formatHex(payload);
    if (valid) {
      return echoedText(id, "valid UTF-8, " + what, script().send(text(true, payload)), payload);
    }
    return fails(id, "Autobahn " + id + ": invalid UTF-8, " + what + ", fails with 1007",
        script().send(text(true, payload)), 1007);
  }

  private static FuzzCase echoedText(String id, String description, Script script, byte[] text) {
    return echoes(id, (id.contains("-") ? "" : "Autobahn " + id + ": ") + description + ", echoed",
        script, Received.text(text));
  }

  /** The bytes {@code from..to}, each followed by a space if {@code spaced}. */
  private static byte[] range(int from, int to, boolean spaced) {
    byte[] out = new byte[(to - from + 1) * (spaced ? 2 : 1)];
    int n = 0;
    for (int b = from; b <= to; b++) {
      out[n++] = (byte) b;
      if (spaced) {
        out[n++] = ' ';
      }
    }
    return out;
  }
}
