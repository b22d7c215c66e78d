package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code switchboard connect} against our own server, with stdin and stdout in memory. */
class ConnectCommandTest {

  static final String CONNECTED = "connected (press CTRL+D or /quit to exit)";

  static WebSocketServer server;
  /** The close events the server's sessions ended with, in order. */
  /** What the server saw at the end of each session, with the session's path. */
  record ServerClose(String path, CloseEvent event) {}

  static final BlockingQueue<ServerClose> serverCloses = new LinkedBlockingQueue<>();
  static final BlockingQueue<String> upgradeHeaders = new LinkedBlockingQueue<>();

  @BeforeAll
  static void startServer() {
    Endpoint echo = new Endpoint() {
      @Override
      public void onText(Session s, String text) {
        if (text.equals("kick me")) {
          s.close(4002, "kicked");
        } else {
          s.sendText(text);
        }
      }

      @Override
      public void onBinary(Session s, ByteBuffer data) {
        s.sendBinary(data);
      }

      @Override
      public void onClose(Session s, CloseEvent e) {
        serverCloses.add(new ServerClose(s.url().getPath(), e));
      }
    };
    Endpoint greeter = new Endpoint() {
      @Override
      public void onOpen(Session s) {
        byte[] forty = new byte[40];
        for (int i = 0; i < forty.length; i++) {
          forty[i] = (byte) i;
        }
        s.sendBinary(forty);
        s.ping(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)));
        s.sendText("welcome");
      }
    };
    server = WebSocketServer.builder()
        .route("/*", echo)
        .route("/greet", greeter)
        .route(Route.of("/proto", echo).withSubprotocols("chat.v2", "chat.v1").withUpgradeHandler((req, up) -> {
          upgradeHeaders.add(String.valueOf(req.header("X-Trace")));
          up.accept();
        }))
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.shutdown(Duration.ofSeconds(2)).join();
  }

  @BeforeEach
  void clear() {
    serverCloses.clear();
  }

  static String url(String path) {
    return "ws://127.0.0.1:" + server.port() + path;
  }

  static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The server's close event of the next session on {@code path}; events of other paths (a
   * previous test's session may end late) are skipped.
   */
  static CloseEvent nextServerClose(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      ServerClose c = serverCloses.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (c == null || c.path().equals(path)) {
        return c == null ? null : c.event();
      }
    }
  }

  @Test
  void pipedLinesAreSentRepliesPrintedAndCloseSendsCodeAndReason() throws Exception {
    Cli cli = Cli.run(stdin("hello\nwörld ☃\n\n//slash\n/close 4001 bye\nnot sent\n"), "connect", url("/chat"));
    assertThat(cli.exitStatus()).as(cli.err.text()).isZero();
    assertThat(cli.out.all()).containsExactly(
        CONNECTED, "< hello", "< wörld ☃", "< ", "< /slash", "disconnected: 4001");
    CloseEvent atServer = nextServerClose("/chat");
    assertThat(atServer.code()).isEqualTo(4001);
    assertThat(atServer.reason()).isEqualTo("bye");
    assertThat(cli.err.all()).isEmpty();
  }

  @Test
  void endOfInputClosesWithNormalClosureAfterTheLastReply() throws Exception {
    Cli cli = Cli.run(stdin("only line"), "connect", url("/eof"));
    assertThat(cli.exitStatus()).isZero();
    assertThat(cli.out.all()).containsExactly(CONNECTED, "< only line", "disconnected: 1000");
    assertThat(nextServerClose("/eof").code()).isEqualTo(1000);
  }

  @Test
  void executeSendsEachMessagePrintsRepliesAndClosesWithoutReadingStdin() throws Exception {
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("-x must not read stdin");
      }
    };
    // --wait 0: the replies still come, as the close waits for the pong behind them.
    Cli cli = Cli.run(untouchable, "connect", "-x", "first", "--execute", "second", "--wait", "0", url("/x"));
    assertThat(cli.exitStatus()).as(cli.err.text()).isZero();
    assertThat(cli.out.all()).containsExactly("connected", "< first", "< second", "disconnected: 1000");
    assertThat(nextServerClose("/x").code()).isEqualTo(1000);
  }

  @Test
  void executeStopsEarlyWhenTheServerCloses() throws Exception {
    Cli cli = Cli.run("connect", "-x", "kick me", "--wait", "30", url("/"));
    assertThat(cli.exitStatus()).isZero();
    assertThat(cli.out.all()).containsExactly("connected", "disconnected: 4002 kicked");
  }

  @Test
  void aServerCloseEndsAnInteractiveSessionWithoutEndOfInput() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    try (PipedInputStream in = new PipedInputStream(keyboard)) {
      Cli cli = Cli.start(in, "connect", url("/"));
      cli.out.await(CONNECTED::equals, Duration.ofSeconds(10));
      keyboard.write("kick me\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      assertThat(cli.exitStatus()).isZero();
      assertThat(cli.out.all()).containsExactly(CONNECTED, "disconnected: 4002 kicked");
    } finally {
      keyboard.close();
    }
  }

  @Test
  void aStopSignalClosesWithGoingAway() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    try (PipedInputStream in = new PipedInputStream(keyboard)) {
      Cli cli = Cli.start(in, "connect", url("/stop"));
      cli.out.await(CONNECTED::equals, Duration.ofSeconds(10));
      cli.stop.complete(null); // as SIGINT does through the shutdown hook
      assertThat(cli.exitStatus()).isZero();
      assertThat(cli.out.all()).containsExactly(CONNECTED, "disconnected: 1001");
      assertThat(nextServerClose("/stop").code()).isEqualTo(1001);
    } finally {
      keyboard.close();
    }
  }

  @Test
  void binaryIsShownAsSizeAndHexPrefixAndPingsOnRequest() throws Exception {
    Cli cli = Cli.run(stdin("/ping marco\n"), "connect", "--show-ping-pong", url("/greet"));
    assertThat(cli.exitStatus()).isZero();
    assertThat(cli.out.all()).containsExactly(
        CONNECTED,
        "< [binary 40 bytes] 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f...",
        "< [ping] are you there",
        "< welcome",
        "< [pong] marco",
        "disconnected: 1000");
  }

  @Test
  void headersAndSubprotocolsAreOfferedAndTheChosenOneShown() throws Exception {
    Cli cli = Cli.run(stdin("hi\n/quit\n"),
        "connect", "-H", "X-Trace: abc 123", "-s", "chat.v1", "--subprotocol", "chat.v2", url("/proto"));
    assertThat(cli.exitStatus()).as(cli.err.text()).isZero();
    // The route picks the first subprotocol the client offers that it speaks.
    assertThat(cli.out.all()).containsExactly(CONNECTED, "subprotocol: chat.v1", "< hi", "disconnected: 1000");
    assertThat(upgradeHeaders.poll(10, TimeUnit.SECONDS)).isEqualTo("abc 123");
  }

  @Test
  void badCommandsAreReportedAndTheSessionGoesOn() throws Exception {
    Cli cli = Cli.run(stdin("/close 1005\n/close x\n/frobnicate\n/ping " + "p".repeat(126) + "\nstill here\n"),
        "connect", url("/"));
    assertThat(cli.exitStatus()).isZero();
    assertThat(cli.out.all()).containsExactly(CONNECTED, "< still here", "disconnected: 1000");
    assertThat(cli.err.all()).hasSize(4);
    assertThat(cli.err.all().get(0)).contains("close code 1005 may not be sent");
    assertThat(cli.err.all().get(1)).contains("'x' is not a close code");
    assertThat(cli.err.all().get(2)).contains("unknown command /frobnicate");
    assertThat(cli.err.all().get(3)).contains("at most 125");
  }

  @Test
  void aBadUrlExitsTwoWithTheReason() throws Exception {
    Cli ftp = Cli.run("connect", "ftp://127.0.0.1/x");
    assertThat(ftp.exitStatus()).isEqualTo(2);
    assertThat(ftp.err.all()).containsExactly(
        "switchboard connect: URL scheme must be ws or wss (or http/https), in ftp://127.0.0.1/x",
        "Try 'switchboard connect --help' for more information.");

    Cli spaces = Cli.run("connect", "ws://local host/");
    assertThat(spaces.exitStatus()).isEqualTo(2);
    assertThat(spaces.err.all().get(0)).startsWith("switchboard connect: not a valid URL: ws://local host/");

    Cli header = Cli.run("connect", "-H", "no colon", url("/"));
    assertThat(header.exitStatus()).isEqualTo(2);
    assertThat(header.err.all().get(0)).contains("a header must look like 'Name: value'");

    Cli both = Cli.run("connect", "--insecure", "--ca", "ca.pem", url("/"));
    assertThat(both.exitStatus()).isEqualTo(2);
    assertThat(both.err.all().get(0)).contains("--insecure and --ca exclude each other");

    Cli none = Cli.run("connect");
    assertThat(none.exitStatus()).isEqualTo(2);
    assertThat(none.err.all().get(0)).contains("Missing required parameter: 'URL'");
  }

  @Test
  void aRefusedPortExitsOneWithConnectionRefused() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    Cli cli = Cli.run("connect", "ws://127.0.0.1:" + free + "/");
    assertThat(cli.exitStatus()).isEqualTo(1);
    assertThat(cli.err.all()).hasSize(1);
    assertThat(cli.err.all().get(0)).startsWith("switchboard connect: CONNECTION_REFUSED: ")
        .contains("127.0.0.1:" + free);
    assertThat(cli.out.all()).isEmpty();
  }

  @Test
  void anUnknownPathExitsOneWithTheHttpStatus() throws Exception {
    WebSocketServer narrow = WebSocketServer.builder().route("/only", new Endpoint() {}).start();
    try {
      Cli cli = Cli.run("connect", "ws://127.0.0.1:" + narrow.port() + "/other");
      assertThat(cli.exitStatus()).isEqualTo(1);
      assertThat(cli.err.all().get(0)).startsWith("switchboard connect: HTTP_STATUS: server answered 404");
    } finally {
      narrow.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  @Test
  void plaintextToAnotherHostNeedsInsecure() throws Exception {
    Cli cli = Cli.run("connect", "ws://example.com/");
    assertThat(cli.exitStatus()).isEqualTo(2);
    assertThat(cli.err.all().get(0)).contains("is not encrypted (ws://)");
  }

  @Test
  void proxyAndPingOptionsAreChecked() throws Exception {
    Cli scheme = Cli.run("connect", "--proxy", "ftp://127.0.0.1:1", url("/"));
    assertThat(scheme.exitStatus()).isEqualTo(2);
    assertThat(scheme.err.all().get(0)).contains("--proxy: proxy URL must start with http:// or socks5://");

    Cli zero = Cli.run("connect", "--ping-interval", "0", url("/"));
    assertThat(zero.exitStatus()).isEqualTo(2);
    assertThat(zero.err.all().get(0)).contains("--ping-interval");
  }

  @Test
  void aProxyThatIsNotThereExitsOneWithProxyFailure() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    Cli cli = Cli.run("connect", "--proxy", "http://u:secret@127.0.0.1:" + free, url("/"));
    assertThat(cli.exitStatus()).isEqualTo(1);
    assertThat(cli.err.all().get(0)).startsWith("switchboard connect: PROXY_FAILURE: ").doesNotContain("secret");
  }

  @Test
  void insecureSaysLoudlyThatNothingIsVerified() throws Exception {
    // A plain server: the TLS handshake fails, after the warning.
    Cli cli = Cli.run("connect", "--insecure", "wss://127.0.0.1:" + server.port() + "/");
    assertThat(cli.exitStatus()).isEqualTo(1);
    assertThat(cli.err.all().get(0)).startsWith("WARNING: --insecure").contains("NOT verified");
    assertThat(cli.err.all().get(1)).startsWith("switchboard connect: TLS_FAILURE: ").hasSizeLessThan(400);
  }

  @Test
  void helpAndVersionExitZero() throws Exception {
    Cli help = Cli.run("connect", "--help");
    assertThat(help.exitStatus()).isZero();
    assertThat(help.out.text()).contains("Usage: switchboard connect", "/close [CODE [REASON]]", "--insecure");

    Cli version = Cli.run("--version");
    assertThat(version.exitStatus()).isZero();
    assertThat(version.out.all().get(0)).matches("switchboard \\d+\\.\\d+\\.\\d+.*");

    Cli nothing = Cli.run();
    assertThat(nothing.exitStatus()).isEqualTo(2);
    assertThat(nothing.err.all().get(0)).isEqualTo("switchboard: missing COMMAND: hub, echo, serve, connect or bench");
  }
}
