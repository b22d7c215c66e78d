package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A stream that a command prints to, read back line by line as the lines arrive. Thread-safe. */
final class Lines extends OutputStream {

  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();
  private final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  PrintStream stream() {
    return stream;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String line = current.toString(StandardCharsets.UTF_8);
      current.reset();
      all.add(line);
      pending.add(line);
    } else {
      current.write(b);
    }
  }

  /** Every complete line so far. */
  synchronized List<String> all() {
    return List.copyOf(all);
  }

  /** Everything so far, for failure messages. */
  synchronized String text() {
    return String.join("\n", all) + (current.size() > 0 ? "\n" + current.toString(StandardCharsets.UTF_8) : "");
  }

  /** The first line not yet taken that matches, skipping the others; fails after {@code timeout}. */
  String await(Predicate<String> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        return fail("no matching line within %s; got:%n%s", timeout, text());
      }
      if (matching.test(line)) {
        return line;
      }
    }
  }
}
