package dev.switchboard.websocket.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the peers outside the JVM live, and what happens when they are missing: the test fails
 * and says how to install them, unless {@code -Dswitchboard.skipExternalPeers=true}, which skips
 * it instead.
 */
final class ExternalPeers {

  static final String SKIP_PROPERTY = "switchboard.skipExternalPeers";

  private static final String HOW =
      " Run .ci/run (it installs them), or by hand: apt-get install -y chromium nodejs npm;"
          + " cd websocket/src/test/node && npm ci. Or skip these peers with -D" + SKIP_PROPERTY + "=true.";

  private ExternalPeers() {}

  /** The module directory: Surefire runs tests there; {@code basedir} says so when set. */
  static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /** {@code websocket/src/test/node}, with its {@code node_modules} installed. */
  static Path nodeDir() {
    Path dir = moduleDir().resolve("src/test/node");
    for (String module : new String[] {"ws", "playwright-core"}) {
      if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
        unavailable("npm module '" + module + "' is not installed in " + dir.resolve("node_modules") + ".");
      }
    }
    nodeExecutable();
    return dir;
  }

  static String nodeExecutable() {
    String node = System.getProperty("switchboard.node", "node");
    if (!onPath(node)) {
      unavailable("'" + node + "' (Node.js) is not on the PATH.");
    }
    return node;
  }

  /** Debian's Chromium, or {@code -Dswitchboard.chromium=PATH}. */
  static Path chromium() {
    Path chromium = Path.of(System.getProperty("switchboard.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      unavailable("Chromium is not installed at " + chromium + ".");
    }
    return chromium;
  }

  private static boolean onPath(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
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
    fail(what + HOW);
  }
}
