package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code switchboard echo}, run in-process on an ephemeral port and driven by our client. */
class EchoCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile("switchboard echo listening on ws://127\\.0\\.0\\.1:(\\d+) \\((epoll|nio)\\)");

  static Cli echo;
  static int port;
  static WebSocketClient client;

  @BeforeAll
  static void start() throws Exception {
    echo = startEcho();
    port = portOf(echo);
    client = WebSocketClient.builder().build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    echo.stop.complete(null);
    assertThat(echo.exitStatus()).isZero();
  }

  static Cli startEcho() {
    return Cli.start(java.io.InputStream.nullInputStream(), "echo", "--port", "0", "--io-threads", "2");
  }

  static int portOf(Cli cli) throws InterruptedException {
    String line = cli.out.await(l -> true, Duration.ofSeconds(10));
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).as("first line: %s", line).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isPositive();
    return Integer.parseInt(m.group(1));
  }

  private Session connect(String path, Recorder recorder) throws Exception {
    return client.connect("ws://127.0.0.1:" + port + path, recorder).get(10, TimeUnit.SECONDS);
  }

  @Test
  void rootPathEchoesTextAsTextAndBinaryAsBinary() throws Exception {
    Recorder r = new Recorder();
    Session s = connect("/", r);
    s.sendText("héllo wörld ☃");
    s.sendBinary(new byte[] {0, 1, 2, (byte) 0xFF});
    s.sendText("");
    assertThat(r.next()).isEqualTo("héllo wörld ☃");
    assertThat(r.next()).isEqualTo(new byte[] {0, 1, 2, (byte) 0xFF});
    assertThat(r.next()).isEqualTo("");
    assertThat(s.close(1000, "done").get(10, TimeUnit.SECONDS).wasClean()).isTrue();
  }

  @Test
  void everyOtherPathAndQueryEchoesToo() throws Exception {
    // The fuzzingclient's paths, and any other.
    for (String path : List.of("/anything?x=1", "/runCase?case=1&agent=switchboard", "/a/b/c", "/broadcastx")) {
      Recorder r = new Recorder();
      Session s = connect(path, r);
      s.sendText("to " + path);
      s.sendBinary(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.next()).isEqualTo("to " + path);
      assertThat(r.next()).isEqualTo(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void echoesA16MiBMessageAsAutobahnCase9_2_6Sends() throws Exception {
    byte[] big = new byte[16 << 20];
    new Random(9_2_6).nextBytes(big);
    Recorder r = new Recorder();
    Session s = connect("/", r);
    s.sendBinary(big);
    assertThat((byte[]) r.next()).isEqualTo(big);
    s.close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void broadcastSendsEveryMessageToAllMembersIncludingTheSender() throws Exception {
    List<Recorder> recorders = new ArrayList<>();
    List<Session> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Recorder r = new Recorder();
      Session s = connect("/broadcast", r);
      // Once a member hears its own message, the server has it in the room.
      s.sendText("join " + i);
      assertThat(r.nextMatching("join " + i)).isEqualTo("join " + i);
      recorders.add(r);
      members.add(s);
    }
    // One sender at a time: messages from different members may arrive in either order.
    members.get(0).sendText("hello, room");
    for (Recorder r : recorders) {
      assertThat(r.nextMatching("hello, room")).isEqualTo("hello, room");
    }
    members.get(2).sendBinary(new byte[] {4, 2});
    for (Recorder r : recorders) {
      assertThat(r.nextMatching(new byte[] {4, 2})).isEqualTo(new byte[] {4, 2});
    }
    // A member that left hears nothing more; the others go on.
    members.get(1).close().get(10, TimeUnit.SECONDS);
    members.get(0).sendText("after");
    assertThat(recorders.get(0).nextMatching("after")).isEqualTo("after");
    assertThat(recorders.get(2).nextMatching("after")).isEqualTo("after");
    assertThat(recorders.get(1).messages).doesNotContain("after");
    members.get(0).close().get(10, TimeUnit.SECONDS);
    members.get(2).close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void stoppingClosesEverySessionWithGoingAwayAndExitsZero() throws Exception {
    Cli other = startEcho();
    int otherPort = portOf(other);
    Recorder r = new Recorder();
    client.connect("ws://127.0.0.1:" + otherPort + "/", r).get(10, TimeUnit.SECONDS);
    other.stop.complete(null);
    CloseEvent e = r.closed.get(10, TimeUnit.SECONDS);
    assertThat(e.code()).as("%s", e).isEqualTo(1001);
    assertThat(e.wasClean()).isTrue();
    assertThat(other.exitStatus()).isZero();
  }

  @Test
  void aPortInUseExitsOneSayingSo() throws Exception {
    Cli second = Cli.run("echo", "--port", Integer.toString(port));
    assertThat(second.exitStatus()).isEqualTo(1);
    assertThat(second.err.text()).contains("switchboard echo: cannot bind 127.0.0.1:" + port);
    assertThat(second.out.all()).isEmpty();
  }

  @Test
  void badOptionsExitTwoWithOneLineAndAHint() throws Exception {
    Cli certOnly = Cli.run("echo", "--port", "0", "--tls-cert", "cert.pem");
    assertThat(certOnly.exitStatus()).isEqualTo(2);
    assertThat(certOnly.err.all()).containsExactly(
        "switchboard echo: --tls-cert and --tls-key go together",
        "Try 'switchboard echo --help' for more information.");

    Cli badSize = Cli.run("echo", "--max-message-bytes", "lots");
    assertThat(badSize.exitStatus()).isEqualTo(2);
    assertThat(badSize.err.text()).contains("'lots' is not a byte count");

    Cli badPort = Cli.run("echo", "--port", "70000");
    assertThat(badPort.exitStatus()).isEqualTo(2);
    assertThat(badPort.err.text()).contains("port must be 0-65535");
  }

  @Test
  void byteSizesTakeBinarySuffixes() {
    EchoCommand.ByteSize size = new EchoCommand.ByteSize();
    assertThat(size.convert("16777216")).isEqualTo(16L << 20);
    assertThat(size.convert("16MiB")).isEqualTo(16L << 20);
    assertThat(size.convert("16m")).isEqualTo(16L << 20);
    assertThat(size.convert("64 KiB")).isEqualTo(64L << 10);
    assertThat(size.convert("1GiB")).isEqualTo(1L << 30);
    assertThat(size.convert("125b")).isEqualTo(125L);
  }
}
