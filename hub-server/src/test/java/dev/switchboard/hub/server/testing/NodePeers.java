package dev.switchboard.hub.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the Node.js peers under {@code src/test/node} share: finding Node and the npm modules
 * (missing ones fail the test with how to install them, unless
 * {@code -Dswitchboard.skipExternalPeers=true} skips it), the stderr log, and stopping the process.
 * Stateless, so thread-safe.
 */
public final class NodePeers {

  public static final String SKIP_PROPERTY = "switchboard.skipExternalPeers";

  private NodePeers() {}

  /** This module's directory (Maven's {@code basedir}, else the working directory). */
  public static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /** {@code src/test/node}, where the scripts and their {@code node_modules} live. */
  public static Path scriptDir() {
    return moduleDir().resolve("src/test/node");
  }

  /**
   * The Node.js executable ({@code -Dswitchboard.node}, default {@code node}) after checking that
   * it is on the PATH and that every one of {@code npmModules} is installed; aborts or fails the
   * test otherwise.
   */
  public static String node(String... npmModules) {
    Path modules = scriptDir().resolve("node_modules");
    for (String module : npmModules) {
      if (!Files.isDirectory(modules.resolve(module))) {
        unavailable("npm module " + module + " is not installed in " + modules + ".");
      }
    }
    String node = System.getProperty("switchboard.node", "node");
    if (!onPath(node)) {
      unavailable("'" + node + "' (Node.js) is not on the PATH.");
    }
    return node;
  }

  /** {@code target/node-peers/<fileName>}, creating the directory. */
  public static Path stderrLog(String fileName) throws IOException {
    return Files.createDirectories(moduleDir().resolve("target/node-peers")).resolve(fileName);
  }

  /** The last {@code maxChars} characters of {@code log}, or why it could not be read. */
  public static String tail(Path log, int maxChars) {
    try {
      String s = Files.readString(log);
      return s.length() > maxChars ? s.substring(s.length() - maxChars) : s;
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  /**
   * Closes the process's stdin (the scripts exit on end of input), waits {@code grace} for it to
   * end, then kills it and waits at most five seconds more.
   */
  public static void stop(Process process, Closeable stdin, Duration grace) {
    try {
      stdin.close();
    } catch (IOException e) {
      // the process is being stopped anyway
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean onPath(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void unavailable(String what) {
    if (Boolean.getBoolean(SKIP_PROPERTY)) {
      Assumptions.abort(what + " Skipped: -D" + SKIP_PROPERTY + "=true.");
    }
    fail(what + " Run .ci/run (it installs them), or by hand: apt-get install -y nodejs npm;"
        + " cd hub-server/src/test/node && npm ci. Or skip these peers with -D" + SKIP_PROPERTY + "=true.");
  }
}
