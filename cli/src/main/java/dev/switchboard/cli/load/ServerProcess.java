package dev.switchboard.cli.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server process under load, seen through Linux's {@code /proc} and, for a JVM, {@code jcmd}.
 * Immutable and thread-safe; every query reads afresh.
 */
public final class ServerProcess {

  /**
   * Clock ticks per second of {@code /proc/PID/stat}'s CPU times: USER_HZ, which the kernel fixes
   * at 100 on every architecture Java runs on (it is {@code getconf CLK_TCK}).
   */
  public static final long TICKS_PER_SECOND = 100;

  private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)K");

  private final long pid;
  private final Path proc;

  public ServerProcess(long pid) {
    this(pid, Path.of("/proc"));
  }

  ServerProcess(long pid, Path proc) {
    if (pid <= 0) {
      throw new IllegalArgumentException("--server-pid must be a positive process id, was " + pid);
    }
    this.pid = pid;
    this.proc = proc;
    if (!Files.isReadable(proc.resolve(Long.toString(pid)).resolve("stat"))) {
      throw new IllegalArgumentException("no process " + pid + " to watch: " + proc.resolve(pid + "/stat")
          + " is not readable (is the server running, and on this machine?)");
    }
  }

  public long pid() {
    return pid;
  }

  /** User plus system CPU time the process has used so far, in microseconds (10 ms resolution). */
  public long cpuMicros() {
    return cpuTicks(read("stat")) * (1_000_000 / TICKS_PER_SECOND);
  }

  /** The process's resident set size, in KiB. */
  public long rssKiB() {
    return rssKiB(read("status"));
  }

  /**
   * Runs a full GC in the server ({@code jcmd PID GC.run}) and returns its heap in use afterwards,
   * in KiB ({@code GC.heap_info}).
   *
   * @throws IllegalStateException if jcmd is missing, fails or says nothing we can read (not a JVM)
   */
  public long heapAfterGcKiB() {
    jcmd("GC.run");
    return heapUsedKiB(jcmd("GC.heap_info"));
  }

  private String jcmd(String command) {
    List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid), command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run jcmd (is a JDK on the PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
    }
  }

  private String read(String file) {
    try {
      return Files.readString(proc.resolve(Long.toString(pid)).resolve(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " of process " + pid + " (did it exit?)", e);
    }
  }

  /**
   * utime + stime, in clock ticks, from the text of {@code /proc/PID/stat}. The command name (field
   * 2) is in parentheses and may hold spaces and parentheses itself, so fields are counted from the
   * last {@code ')'}: utime and stime are fields 14 and 15 of proc(5).
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(stat));
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    if (f.length < 13) {
      throw new IllegalArgumentException("/proc/PID/stat has too few fields: " + abbreviate(stat));
    }
    // f[0] is field 3 (state), so field n is f[n - 3].
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** VmRSS from the text of {@code /proc/PID/status}, in KiB. */
  static long rssKiB(String status) {
    Matcher m = RSS.matcher(status);
    if (!m.find()) {
      throw new IllegalArgumentException("no VmRSS line in /proc/PID/status (a kernel thread or a zombie?)");
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * The heap in use, in KiB, from {@code jcmd PID GC.heap_info}: the sum of every "used NK" outside
   * the metaspace lines (one line for G1, one per generation for the others).
   */
  static long heapUsedKiB(String heapInfo) {
    long sum = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      Matcher m = USED.matcher(line);
      if (m.find()) {
        sum += Long.parseLong(m.group(1));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no heap usage in GC.heap_info output: " + abbreviate(heapInfo));
    }
    return sum;
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 200 ? t : t.substring(0, 200) + "...";
  }

  @Override
  public String toString() {
    return "ServerProcess[pid=" + pid + "]";
  }
}
