package dev.switchboard.hub.server.upstream;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code src/test/node/upstream.mjs} in a Node.js process: the official
 * {@code @azure/web-pubsub-express} handler on a loopback ephemeral port. Missing Node or npm
 * modules fail the test with how to install them, unless {@code -Dswitchboard.skipExternalPeers=true}.
 */
final class NodeUpstream implements AutoCloseable {

  static final String SKIP_PROPERTY = "switchboard.skipExternalPeers";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path stderr;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private NodeUpstream(String hub, String allowedEndpoint) throws IOException {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    Path dir = moduleDir.resolve("src/test/node");
    if (!Files.isDirectory(dir.resolve("node_modules/@azure/web-pubsub-express")) || !Files.isDirectory(dir.resolve("node_modules/express"))) {
      unavailable("npm modules @azure/web-pubsub-express and express are not installed in " + dir.resolve("node_modules") + ".");
    }
    String node = System.getProperty("switchboard.node", "node");
    if (!onPath(node)) {
      unavailable("'" + node + "' (Node.js) is not on the PATH.");
    }
    Path logs = Files.createDirectories(moduleDir.resolve("target/node-peers"));
    stderr = logs.resolve("upstream.stderr.log");
    process = new ProcessBuilder(node, "upstream.mjs", hub, allowedEndpoint).directory(dir.toFile())
        .redirectError(stderr.toFile()).start();
    Thread reader = new Thread(this::read, "node-upstream");
    reader.setDaemon(true);
    reader.start();
  }

  static NodeUpstream start(String hub, String allowedEndpoint) throws Exception {
    NodeUpstream peer = new NodeUpstream(hub, allowedEndpoint);
    try {
      peer.port.get(HandlerServer.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      peer.close();
      throw new AssertionError("node upstream did not start: " + e + "; stderr: " + peer.stderrTail(), e);
    }
    return peer;
  }

  int port() {
    return port.join();
  }

  /** The next event the handler logged, waiting at most {@link HandlerServer#TIMEOUT}. */
  JsonNode nextEvent() throws InterruptedException {
    JsonNode e = events.poll(HandlerServer.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("the express handler logged no event within " + HandlerServer.TIMEOUT + "; stderr: " + stderrTail());
    }
    return e;
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("listening ")) {
          port.complete(Integer.parseInt(line.substring(10).strip()));
        } else if (line.startsWith("{")) {
          events.add(JSON.readTree(line));
        }
      }
    } catch (IOException | RuntimeException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException("node ended: " + stderrTail()));
  }

  String stderrTail() {
    try {
      String s = Files.readString(stderr);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
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
