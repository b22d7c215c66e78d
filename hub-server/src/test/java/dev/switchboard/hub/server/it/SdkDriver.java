package dev.switchboard.hub.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.hub.server.testing.NodePeers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@code src/test/node/sdk.mjs} in a Node.js process: Azure's official {@code @azure/web-pubsub}
 * and {@code @azure/web-pubsub-client} driving the hub. Commands and results are JSON lines (the
 * script's header documents them). Missing Node or npm modules fail the test with how to install
 * them, unless {@code -Dswitchboard.skipExternalPeers=true} skips it. Thread-safe.
 */
final class SdkDriver implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer stdin;
  private final Path stderr;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<JsonNode>> events = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private SdkDriver(String connectionString) throws IOException {
    String node = NodePeers.node("@azure/web-pubsub", "@azure/web-pubsub-client");
    stderr = NodePeers.stderrLog("sdk-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".stderr.log");
    process = new ProcessBuilder(node, "sdk.mjs", connectionString).directory(NodePeers.scriptDir().toFile())
        .redirectError(stderr.toFile()).start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "node-sdk");
    reader.setDaemon(true);
    reader.start();
  }

  static SdkDriver start(String connectionString) throws Exception {
    SdkDriver d = new SdkDriver(connectionString);
    try {
      d.ready.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      d.close();
      throw new AssertionError("node sdk driver did not start: " + e + "; stderr: " + d.stderrTail(), e);
    }
    return d;
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = JSON.readTree(line);
        if (n.has("ready")) {
          ready.complete(null);
        } else if (n.has("client") && n.has("event")) {
          events.computeIfAbsent(n.get("client").asText(), k -> new LinkedBlockingQueue<>()).add(n);
        } else if (n.has("id") && !n.get("id").isNull()) {
          CompletableFuture<JsonNode> f = pending.remove(n.get("id").asLong());
          if (f != null) {
            f.complete(n);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      ready.completeExceptionally(e);
    }
    IllegalStateException gone = new IllegalStateException("node sdk driver ended: " + stderrTail());
    ready.completeExceptionally(gone);
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  /** Sends a command; returns its result line ({@code ok}, {@code value} or {@code error}, {@code statusCode}). */
  JsonNode call(ObjectNode command) throws Exception {
    long id = ids.incrementAndGet();
    command.put("id", id);
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    synchronized (this) {
      stdin.write(command.toString() + "\n");
      stdin.flush();
    }
    try {
      return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer to " + command + " within " + TIMEOUT + "; stderr: " + stderrTail());
    }
  }

  /** Like {@link #call} but fails unless the command succeeded; returns its value. */
  JsonNode ok(ObjectNode command) throws Exception {
    JsonNode r = call(command);
    if (!r.get("ok").asBoolean()) {
      throw new AssertionError(command + " failed: " + r);
    }
    return r.get("value");
  }

  /** A REST call on hub {@code hub}'s service client: {@code method(args...)}. */
  static ObjectNode rest(String hub, String method, Object... args) {
    ObjectNode c = JSON.createObjectNode().put("op", "rest").put("hub", hub).put("method", method);
    ArrayNode a = c.putArray("args");
    for (Object o : args) {
      a.add(JSON.valueToTree(o));
    }
    return c;
  }

  /** A REST call on {@code service.group(group)}. */
  static ObjectNode groupRest(String hub, String group, String method, Object... args) {
    return rest(hub, method, args).put("group", group);
  }

  static ObjectNode startClient(String name, String hub, String userId, String protocol, String... roles) {
    ObjectNode c = JSON.createObjectNode().put("op", "client.start").put("name", name).put("hub", hub)
        .put("userId", userId).put("protocol", protocol);
    ArrayNode r = c.putArray("roles");
    for (String role : roles) {
      r.add(role);
    }
    return c;
  }

  static ObjectNode clientCall(String name, String method, Object... args) {
    ObjectNode c = JSON.createObjectNode().put("op", "client.call").put("name", name).put("method", method);
    ArrayNode a = c.putArray("args");
    for (Object o : args) {
      a.add(JSON.valueToTree(o));
    }
    return c;
  }

  static ObjectNode drop(String name) {
    return JSON.createObjectNode().put("op", "client.drop").put("name", name);
  }

  /** The next event of client {@code name} matching {@code p}, skipping others. */
  JsonNode event(String name, Predicate<JsonNode> p) throws InterruptedException {
    BlockingQueue<JsonNode> q = events.computeIfAbsent(name, k -> new LinkedBlockingQueue<>());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode e = left <= 0 ? null : q.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("client " + name + " got no matching event within " + TIMEOUT + "; stderr: " + stderrTail());
      }
      if (p.test(e)) {
        return e;
      }
    }
  }

  /** Every event of client {@code name} so far, removed from its queue. */
  java.util.List<JsonNode> drain(String name) {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    events.computeIfAbsent(name, k -> new LinkedBlockingQueue<>()).drainTo(out);
    return out;
  }

  String stderrTail() {
    return NodePeers.tail(stderr, 3000);
  }

  @Override
  public void close() {
    NodePeers.stop(process, stdin, Duration.ofSeconds(5));
  }
}
