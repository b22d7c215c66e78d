package dev.switchboard.websocket.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real proxy from a Debian package, run in the foreground on a free loopback port with a
 * config file in a test directory: {@code tinyproxy} (HTTP CONNECT, optionally with {@code
 * BasicAuth}) or {@code danted} (SOCKS5 without authentication: Dante's username method checks
 * system users or PAM, which a test must not touch). A missing binary skips the test, naming the
 * package. Ready once its log says it listens (at most 10 s); {@link #close()} stops it.
 */
final class DebianProxy implements AutoCloseable {

  private final Process process;
  private final int port;
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  private DebianProxy(List<String> command, int port, String readyLine) throws Exception {
    this.port = port;
    this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          log.add(line);
          if (line.contains(readyLine)) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
      ready.completeExceptionally(new IllegalStateException(command.get(0) + " exited before it was ready: " + log));
    }, "proxy-log-" + command.get(0));
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException(command.get(0) + " did not start within 10 s; its log: " + log, e);
    }
  }

  /** tinyproxy on a free loopback port; with {@code user}/{@code password} it demands Basic auth. */
  static DebianProxy tinyproxy(Path dir, String user, String password) throws Exception {
    String binary = require("/usr/bin/tinyproxy", "tinyproxy");
    int port = freePort();
    // No ConnectPort line: CONNECT is allowed to every port. No User: it keeps the current one.
    Path conf = dir.resolve("tinyproxy.conf");
    Files.writeString(conf, "Port " + port + "\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 30\nMaxClients 20\n"
        + "LogLevel Info\n" + (user != null ? "BasicAuth " + user + " " + password + "\n" : ""));
    return new DebianProxy(List.of(binary, "-d", "-c", conf.toString()), port, "Accepting connections");
  }

  /** Dante's danted (SOCKS5, no authentication) on a free loopback port. */
  static DebianProxy danted(Path dir) throws Exception {
    String binary = require("/usr/sbin/danted", "dante-server");
    int port = freePort();
    Path conf = dir.resolve("danted.conf");
    Files.writeString(conf, "logoutput: stderr\ninternal: 127.0.0.1 port = " + port + "\nexternal: 127.0.0.1\n"
        + "clientmethod: none\nsocksmethod: none\nuser.unprivileged: nobody\n"
        + "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\nsocks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\n");
    return new DebianProxy(List.of(binary, "-f", conf.toString(), "-N", "1"), port, "running");
  }

  private static String require(String path, String debianPackage) {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(path)), path + " is missing: apt-get install -y " + debianPackage
        + " (.ci/run installs it). Skipped.");
    return path;
  }

  /** A port free a moment ago; the proxy binds it itself. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** What the proxy logged so far (for assertion messages). */
  String log() {
    return String.join("\n", log);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy); // danted's worker processes
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
