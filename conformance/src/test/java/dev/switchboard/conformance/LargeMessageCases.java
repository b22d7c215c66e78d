package dev.switchboard.conformance;

import static dev.switchboard.conformance.FuzzCase.echoes;
import static dev.switchboard.conformance.Script.script;

import dev.switchboard.protocol.Opcode;
import java.util.ArrayList;
import java.util.List;

/**
 * A few of Autobahn group 9 (limits and performance), scaled to the test budget: large messages
 * in one frame, many small fragments, many small writes, many small messages; and group 10's one
 * case (an auto-fragmented message). All well within the default limits (16 MiB), so all are
 * echoed.
 */
final class LargeMessageCases {

  private static final int MIB = 1 << 20;

  private LargeMessageCases() {}

  static List<FuzzCase> cases() {
    List<FuzzCase> c = new ArrayList<>();
    for (Opcode type : List.of(Opcode.TEXT, Opcode.BINARY)) {
      boolean text = type == Opcode.TEXT;
      String name = text ? "text" : "binary";
      String series = text ? "9.1" : "9.2";
      byte[] big = payload(type, 4 * MIB);
      c.add(echoes(series + ".4", "Autobahn " + series + ".4: 4 MiB " + name + " message in one frame, echoed",
          script().send(Wire.frame(true, type, big)), Received.message(type, big)));

      String fragmented = text ? "9.3.1" : "9.4.1";
      byte[] medium = payload(type, 64 * 1024);
      c.add(echoes(fragmented, "Autobahn " + fragmented + " (64 KiB instead of 4 MiB): " + name
              + " message in 1024 fragments of 64 bytes, echoed whole",
          script().send(Wire.fragmented(type, Wire.pieces(medium, 64))), Received.message(type, medium)));

      String chopped = text ? "9.5.1" : "9.6.1";
      byte[] mib = payload(type, MIB);
      c.add(echoes(chopped, "Autobahn " + chopped + ": 1 MiB " + name + " message in one frame written in chunks of "
              + "64 bytes, echoed",
          script().chunked(64, Wire.frame(true, type, mib)), Received.message(type, mib)));

      String many = text ? "9.7.3" : "9.8.3";
      byte[][] frames = new byte[1000][];
      Received[] echoes = new Received[1000];
      for (int i = 0; i < frames.length; i++) {
        byte[] small = payload(type, 64);
        small[0] = (byte) ('A' + i % 26); // tell the messages apart, so the order is checked
        frames[i] = Wire.frame(true, type, small);
        echoes[i] = Received.message(type, small);
      }
      c.add(echoes(many, "Autobahn " + many + ": 1000 " + name + " messages of 64 bytes back to back, echoed in order",
          script().send(frames), echoes));
    }
    byte[] autoFragmented = Wire.mixedText(65536);
    c.add(echoes("10.1.1", "Autobahn 10.1.1: 64 KiB text message in fragments of 1300 bytes (auto-fragmentation), "
            + "echoed whole",
        script().send(Wire.fragmented(Opcode.TEXT, Wire.pieces(autoFragmented, 1300))), Received.text(autoFragmented)));
    return c;
  }

  private static byte[] payload(Opcode type, int length) {
    return type == Opcode.TEXT ? Wire.mixedText(length) : Wire.random(length, length);
  }
}
