package dev.switchboard.hub.server.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.hub.server.testing.NodePeers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code src/test/node/upstream.mjs} in a Node.js process: the official
 * {@code @azure/web-pubsub-express} handler on a loopback ephemeral port. Missing Node or npm
 * modules fail the test with how to install them, unless {@code -Dswitchboard.skipExternalPeers=true}.
 */
final class NodeUpstream implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path stderr;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private NodeUpstream(String hub, String allowedEndpoint) throws IOException {
    String node = NodePeers.node("@azure/web-pubsub-express", "express");
    stderr = NodePeers.stderrLog("upstream.stderr.log");
    process = new ProcessBuilder(node, "upstream.mjs", hub, allowedEndpoint).directory(NodePeers.scriptDir().toFile())
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
    return NodePeers.tail(stderr, 2000);
  }

  @Override
  public void close() {
    NodePeers.stop(process, process.getOutputStream(), Duration.ofSeconds(10));
  }
}
