package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard bench}: one short loopback run per mode against {@code switchboard echo} in
 * this JVM (tiny counts, no performance assertions), and its usage errors.
 */
class BenchCommandTest {

  static Cli echo;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    echo = EchoCommandTest.startEcho();
    url = "ws://127.0.0.1:" + EchoCommandTest.portOf(echo);
  }

  @AfterAll
  static void stop() throws Exception {
    echo.stop.complete(null);
    assertThat(echo.exitStatus()).isZero();
  }

  /** The figures of a --json run, as strings. */
  private static Map<String, String> figures(Cli cli) throws InterruptedException {
    String line = cli.out.await(l -> l.startsWith("{"), java.time.Duration.ofSeconds(20));
    Map<String, String> m = new java.util.HashMap<>();
    Matcher f = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[^,}]+)").matcher(line);
    while (f.find()) {
      m.put(f.group(1), f.group(2).replace("\"", ""));
    }
    return m;
  }

  @Test
  void echoModeVerifiesEveryEcho() throws Exception {
    String pid = Long.toString(ProcessHandle.current().pid());
    Cli cli = Cli.run("bench", "echo", "--url", url + "/echo", "-c", "2", "-w", "3", "-s", "40", "-d", "300ms",
        "--warmup", "0s", "--server-pid", pid, "--json");
    assertThat(cli.exitStatus()).as("stderr: %s", cli.err).isZero();
    Map<String, String> f = figures(cli);
    assertThat(f).containsEntry("mode", "echo").containsEntry("corrupt", "0").containsEntry("missing", "0")
        .containsEntry("closed_early", "0").containsKey("server_cpu_us_per_msg").containsKey("latency_p99_us");
    assertThat(Long.parseLong(f.get("messages"))).isPositive();
  }

  @Test
  void broadcastModeCountsDeliveriesToEverySubscriber() throws Exception {
    Cli cli = Cli.run("bench", "broadcast", "--url", url + "/broadcast", "-c", "3", "-s", "64..100", "-w", "2",
        "-d", "300ms", "--warmup", "0s", "--json");
    assertThat(cli.exitStatus()).as("stderr: %s", cli.err).isZero();
    Map<String, String> f = figures(cli);
    assertThat(f).containsEntry("mode", "broadcast").containsEntry("subscribers", "3")
        .containsEntry("corrupt", "0").containsEntry("missing", "0").containsKey("last_subscriber_p99_us");
    assertThat(Long.parseLong(f.get("deliveries"))).isPositive();
  }

  @Test
  void busyPollingLoadLoopsDeliverEverythingAtAFixedRate() throws Exception {
    Cli cli = Cli.run("bench", "broadcast", "--url", url + "/broadcast", "-c", "3", "-s", "64", "--rate", "100",
        "-d", "300ms", "--warmup", "0s", "--busy-poll", "--json");
    assertThat(cli.exitStatus()).as("stderr: %s", cli.err).isZero();
    Map<String, String> f = figures(cli);
    assertThat(f).containsEntry("corrupt", "0").containsEntry("missing", "0");
    assertThat(Long.parseLong(f.get("deliveries"))).isPositive();
  }

  @Test
  void connectionsModeMeasuresTheServerProcess() throws Exception {
    String pid = Long.toString(ProcessHandle.current().pid());
    Cli cli = Cli.run("bench", "connections", "--url", url + "/echo", "-c", "5", "-d", "100ms",
        "--server-pid", pid, "--json");
    assertThat(cli.exitStatus()).as("stderr: %s", cli.err).isZero();
    Map<String, String> f = figures(cli);
    assertThat(f).containsEntry("mode", "connections").containsEntry("still_open", "5")
        .containsKey("rss_kib_per_connection").containsKey("heap_kib_per_connection");
  }

  @Test
  void aRefusedConnectionFailsTheRunWithItsReason() throws Exception {
    Cli cli = Cli.run("bench", "echo", "--url", "ws://127.0.0.1:9/echo", "-c", "1", "-d", "1s", "--connect-timeout", "5s");
    assertThat(cli.exitStatus()).isEqualTo(1);
    assertThat(cli.err.await(l -> l.contains("connection 1 of 1"), java.time.Duration.ofSeconds(5)))
        .startsWith("switchboard bench echo: ");
  }

  @Test
  void usageErrorsSayWhatIsWrong() throws Exception {
    assertUsage("missing MODE", "bench");
    assertUsage("Missing required option: '--url=URL'", "bench", "echo");
    assertUsage("at least 32", "bench", "echo", "--url", url + "/echo", "-s", "16");
    assertUsage("not a byte count or range", "bench", "echo", "--url", url + "/echo", "-s", "big");
    assertUsage("--window must be at least 1", "bench", "echo", "--url", url + "/echo", "-w", "0");
    assertUsage("ws://HOST:PORT/PATH", "bench", "echo", "--url", "http://127.0.0.1:1/");
    assertUsage("not a duration", "bench", "echo", "--url", url + "/echo", "-d", "soon");
    assertUsage("--duration must be positive", "bench", "echo", "--url", url + "/echo", "-d", "0s");
    assertUsage("no process 2147483647 to watch", "bench", "echo", "--url", url + "/echo", "--server-pid", "2147483647");
    assertUsage("--rate must be 0", "bench", "broadcast", "--url", url + "/broadcast", "--rate", "-5");
  }

  private static void assertUsage(String message, String... args) throws Exception {
    Cli cli = Cli.run(args);
    assertThat(cli.exitStatus()).as("exit status of %s", String.join(" ", args)).isEqualTo(2);
    assertThat(cli.err.await(l -> l.contains(message), java.time.Duration.ofSeconds(5))).contains(message);
  }
}
