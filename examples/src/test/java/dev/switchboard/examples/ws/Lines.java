package dev.switchboard.examples.ws;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A PrintStream whose lines can be awaited (bounded waits, no sleeps). Thread-safe. */
final class Lines {

  static final long TIMEOUT_MILLIS = 10_000;

  private final List<String> lines = new CopyOnWriteArrayList<>();
  final PrintStream out = new PrintStream(new OutputStream() {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        synchronized (Lines.this) {
          lines.add(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
          Lines.this.notifyAll();
        }
      } else {
        line.write(b);
      }
    }
  }, true, StandardCharsets.UTF_8);

  List<String> all() {
    return List.copyOf(lines);
  }

  /** Waits up to 10 s for a line matching {@code p} and returns it. */
  synchronized String await(Predicate<String> p) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    while (true) {
      for (String l : lines) {
        if (p.test(l)) {
          return l;
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("no matching line within " + TIMEOUT_MILLIS + " ms; lines: " + lines);
      }
      wait(left);
    }
  }

  String awaitStartingWith(String prefix) throws InterruptedException {
    return await(l -> l.startsWith(prefix));
  }
}
