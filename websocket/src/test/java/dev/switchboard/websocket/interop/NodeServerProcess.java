package dev.switchboard.websocket.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code node resilience.mjs} server process: started, waited for until it listens, killed
 * (SIGKILL, as a crash) or stopped. Records what it received. Thread-safe.
 */
final class NodeServerProcess implements AutoCloseable {

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> upgrades = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
  private final int port;

  private NodeServerProcess(List<String> args) throws Exception {
    Path dir = ExternalPeers.nodeDir();
    List<String> command = new ArrayList<>(List.of(ExternalPeers.nodeExecutable(), "resilience.mjs"));
    command.addAll(args);
    Path logs = Files.createDirectories(ExternalPeers.moduleDir().resolve("target/node-peers"));
    stderr = logs.resolve("resilience-" + String.join("-", args) + ".stderr.log");
    process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile()).start();
    Thread reader = new Thread(this::read, "node-resilience");
    reader.setDaemon(true);
    reader.start();
    String first = lines.poll(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (first == null || !first.startsWith("listening ")) {
      process.destroyForcibly();
      throw new AssertionError("node resilience.mjs " + args + " did not start (" + first + "): " + Files.readString(stderr));
    }
    port = Integer.parseInt(first.substring("listening ".length()));
  }

  /** Starts {@code node resilience.mjs ARGS} and waits until it listens. */
  static NodeServerProcess start(String... args) throws Exception {
    return new NodeServerProcess(List.of(args));
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("received ")) {
          received.add(new String(Base64.getDecoder().decode(line.substring(9)), StandardCharsets.UTF_8));
        } else if (line.startsWith("upgrade ")) {
          upgrades.add(line);
        } else if (line.equals("ping")) {
          pings.add(line);
        } else {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  int port() {
    return port;
  }

  /** The next text message received, waiting up to 10 s. */
  String nextReceived() throws InterruptedException {
    return next(received, "message");
  }

  /** Waits up to 10 s for the next upgrade request. */
  void awaitUpgrade() throws InterruptedException {
    next(upgrades, "upgrade request");
  }

  /** Upgrade requests seen and not yet awaited. */
  int unawaitedUpgrades() {
    return upgrades.size();
  }

  /** Waits up to 10 s for the next ping the server received. */
  void awaitPing() throws InterruptedException {
    next(pings, "ping");
  }

  private String next(BlockingQueue<String> q, String what) throws InterruptedException {
    String s = q.poll(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("node received no " + what + " within " + EventLog.TIMEOUT);
    }
    return s;
  }

  /** Kills the process at once (SIGKILL): its sockets are closed by the kernel, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("node did not die within 10 s");
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
