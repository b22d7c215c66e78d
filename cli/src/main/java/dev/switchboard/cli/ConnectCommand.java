package dev.switchboard.cli;

import dev.switchboard.protocol.FrameEncoder;
import dev.switchboard.websocket.ClientProxy;
import dev.switchboard.websocket.ClientTls;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Connection;
import dev.switchboard.websocket.OfflineQueue;
import dev.switchboard.websocket.RetryPolicy;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard connect}: an interactive WebSocket client, in the manner of wscat. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Talk to a WebSocket server from the terminal.",
    descriptionHeading = "%n",
    description = {
        "Each line read from stdin is sent as a text message. Received messages are printed as "
            + "'< TEXT' or '< [binary N bytes] HEX' (the first 32 bytes). Lines starting with / are "
            + "commands:",
        "  /ping [PAYLOAD]           send a ping",
        "  /pong [PAYLOAD]           send an unsolicited pong",
        "  /close [CODE [REASON]]    close (default 1000) and exit",
        "  /quit                     close with 1000 and exit",
        "  //TEXT                    send /TEXT as a message",
        "End of input (CTRL+D) closes with 1000 and exits; CTRL+C closes with 1001. Before "
            + "closing, the client pings the server and waits (up to 5 s) for the pong, so that "
            + "the replies to the last lines are printed.",
        "",
        "Prints 'connected (press CTRL+D or /quit to exit)' once connected, the subprotocol if "
            + "one was agreed, and 'disconnected: CODE REASON' at the end.",
        "",
        "With --reconnect, a dropped connection (server gone, closed by the server, heartbeat "
            + "timeout) is reopened: 'disconnected: ...', then 'reconnecting in S s (attempt N)' "
            + "for each try and 'reconnected' when it is back. Lines typed meanwhile wait in a "
            + "queue of --queue messages and are sent, in order, once reconnected; beyond it a line "
            + "is refused with 'not sent: the offline queue is full ...'. After --reconnect-attempts "
            + "failed tries in a row it gives up (exit 1). The first connect is not retried.",
        "",
        "Exit status: 0 after a closing handshake, 1 if the connection failed or dropped (the "
            + "reason, with its kind such as CONNECTION_REFUSED or HTTP_STATUS, on stderr), 2 for "
            + "bad usage."},
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
        "Examples:",
        "  switchboard connect ws://127.0.0.1:9001/chat",
        "  switchboard connect -H 'Authorization: Bearer T' -s chat.v1 wss://example.com/",
        "  switchboard connect -x 'hello' --wait 1 ws://127.0.0.1:9001/",
        "  switchboard connect --reconnect --reconnect-attempts 5 ws://127.0.0.1:9001/chat",
        "  echo hi | switchboard connect ws://127.0.0.1:9001/x",
        ""})
final class ConnectCommand implements Callable<Integer> {

  /** How long the reply barrier (a ping before closing) waits for its pong. */
  static final Duration REPLY_WAIT = Duration.ofSeconds(5);

  /** How long to wait for the closing handshake: the library's 5 s close timeout, and a margin. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(8);

  /** How long a signal waits for the closing handshake before the JVM exits. */
  static final Duration SIGNAL_CLOSE_WAIT = Duration.ofSeconds(2);

  private static final int GOING_AWAY = 1001;

  private static final Object END_OF_INPUT = new Object();
  private static final Object DISCONNECTED = new Object();

  @Spec
  private CommandSpec spec;

  private final Terminal terminal;

  @Parameters(paramLabel = "URL",
      description = "ws:// or wss:// URL (http:// and https:// work too; without a scheme, ws:// is assumed).")
  private String url;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
      description = "Add a header to the opening request (repeatable).")
  private List<String> headers = new ArrayList<>();

  @Option(names = {"-s", "--subprotocol"}, paramLabel = "PROTOCOL",
      description = "Offer a subprotocol (repeatable, in order of preference).")
  private List<String> subprotocols = new ArrayList<>();

  @Option(names = "--insecure",
      description = "INSECURE: trust every TLS certificate and skip the host name check, and allow plaintext "
          + "ws:// to hosts other than this machine. Anyone on the network path can then read and change the "
          + "traffic; use it only with a test server of yours.")
  private boolean insecure;

  @Option(names = "--ca", paramLabel = "PEM",
      description = "Trust the CA certificates in this PEM file instead of the JDK's trust store.")
  private Path ca;

  @Option(names = "--proxy", paramLabel = "URL",
      description = "Connect through a proxy: http://[USER:PASSWORD@]HOST:PORT (HTTP CONNECT, Basic auth) "
          + "or socks5://[USER:PASSWORD@]HOST:PORT. A failure prints PROXY_FAILURE or PROXY_AUTH_FAILURE.")
  private String proxy;

  @Option(names = "--ping-interval", paramLabel = "SECONDS",
      description = "Heartbeat: ping after SECONDS without a frame from the server; no frame within "
          + "--ping-timeout after it drops the connection (exit 1). Default: off.")
  private Double pingInterval;

  @Option(names = "--ping-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "With --ping-interval: how long to wait for the server after a ping. Default: ${DEFAULT-VALUE}.")
  private double pingTimeout;

  @Option(names = "--reconnect",
      description = "Reconnect after the connection drops, with exponential backoff (see above). Default: off.")
  private boolean reconnect;

  @Option(names = "--reconnect-attempts", paramLabel = "N", defaultValue = "10",
      description = "With --reconnect: tries per outage before giving up. Default: ${DEFAULT-VALUE}.")
  private int reconnectAttempts;

  @Option(names = "--reconnect-delay", paramLabel = "SECONDS", defaultValue = "1",
      description = "With --reconnect: the wait before the first try, doubled after each failure "
          + "(minus up to 50 % jitter), at most --reconnect-max-delay. Default: ${DEFAULT-VALUE}.")
  private double reconnectDelay;

  @Option(names = "--reconnect-max-delay", paramLabel = "SECONDS", defaultValue = "30",
      description = "With --reconnect: the longest wait between tries. Default: ${DEFAULT-VALUE}.")
  private double reconnectMaxDelay;

  @Option(names = "--queue", paramLabel = "MESSAGES", defaultValue = "100",
      description = "With --reconnect: how many lines (at most 1 MiB in all) wait while reconnecting; "
          + "0 refuses every line typed while disconnected. Default: ${DEFAULT-VALUE}.")
  private int queue;

  @Option(names = {"-x", "--execute"}, paramLabel = "MSG",
      description = "Send MSG as a text message (repeatable), print replies for --wait seconds, then "
          + "close. Standard input is not read.")
  private List<String> execute = new ArrayList<>();

  @Option(names = {"-w", "--wait"}, paramLabel = "SECONDS", defaultValue = "2",
      description = "With -x: how long to print replies before closing. Default: ${DEFAULT-VALUE}.")
  private double waitSeconds;

  @Option(names = "--show-ping-pong", description = "Print the pings and pongs received.")
  private boolean showPingPong;

  ConnectCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws InterruptedException {
    ConnectRequest request = request();
    ClientTls tls = tls();
    if (!(waitSeconds >= 0 && waitSeconds <= 86_400)) {
      throw usage("--wait must be between 0 and 86400 seconds, was " + waitSeconds);
    }
    PrintStream err = terminal.err();
    if (insecure && request.isSecure()) {
      err.println("WARNING: --insecure: the server's TLS certificate and host name are NOT verified. "
          + "Anyone on the network path can read and change this connection.");
    }
    boolean interactive = execute.isEmpty();
    Console console = new Console(terminal.out(), err, spec.qualifiedName(),
        interactive ? "connected (press CTRL+D or /quit to exit)" : "connected", showPingPong);
    WebSocketClient.Builder builder = WebSocketClient.builder().tls(tls).allowInsecureConnections(insecure);
    if (proxy != null) {
      try {
        builder.proxy(ClientProxy.parse(proxy));
      } catch (IllegalArgumentException e) {
        throw usage("--proxy: " + e.getMessage());
      }
    }
    if (pingInterval != null) {
      if (!(pingInterval > 0 && pingInterval <= 86_400 && pingTimeout > 0 && pingTimeout <= 86_400)) {
        throw usage("--ping-interval and --ping-timeout must be between 0 (exclusive) and 86400 seconds");
      }
      builder.heartbeat(Duration.ofMillis((long) (pingInterval * 1000)), Duration.ofMillis((long) (pingTimeout * 1000)));
    }
    if (reconnect) {
      builder.reconnect(reconnectPolicy()).offlineQueue(queue == 0 ? OfflineQueue.REJECT : OfflineQueue.bounded(queue, 1 << 20));
    }
    try (WebSocketClient client = builder.build()) {
      Connection session;
      try {
        session = client.open(request, console::attach);
        session.toCompletableFuture().get();
      } catch (IllegalArgumentException e) { // TLS files that do not load, plaintext to a remote host
        throw usage(e.getMessage());
      } catch (ExecutionException e) {
        err.println(spec.qualifiedName() + ": " + describe(e.getCause()));
        return Main.EXIT_FAILURE;
      }
      // CTRL+C or SIGTERM: say goodbye with 1001 rather than leave the server a dropped connection.
      Thread onSignal = new Thread(() -> {
        session.close(GOING_AWAY, "going away");
        awaitQuietly(console.closed(), SIGNAL_CLOSE_WAIT);
      }, "switchboard-close");
      if (terminal.stop() != null) {
        terminal.stop().whenComplete((v, t) -> session.close(GOING_AWAY, "going away"));
      } else {
        Runtime.getRuntime().addShutdownHook(onSignal);
      }
      try {
        return interactive ? interact(session, console) : executeAndClose(session, console);
      } finally {
        if (terminal.stop() == null) {
          try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
          } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running.
          }
        }
      }
    }
  }

  private static void awaitQuietly(CompletableFuture<?> future, Duration timeout) {
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Exiting anyway.
    }
  }

  private RetryPolicy reconnectPolicy() {
    if (reconnectAttempts < 1 || reconnectAttempts > 1_000_000) {
      throw usage("--reconnect-attempts must be between 1 and 1000000, was " + reconnectAttempts);
    }
    if (!(reconnectDelay > 0 && reconnectDelay <= 86_400 && reconnectMaxDelay >= reconnectDelay && reconnectMaxDelay <= 86_400)) {
      throw usage("--reconnect-delay must be between 0 (exclusive) and 86400 seconds, and --reconnect-max-delay "
          + "between it and 86400; were " + reconnectDelay + " and " + reconnectMaxDelay);
    }
    if (queue < 0) {
      throw usage("--queue must be 0 or more, was " + queue);
    }
    return RetryPolicy.exponential(reconnectAttempts)
        .withInitialDelay(Duration.ofMillis((long) (reconnectDelay * 1000)))
        .withMaxDelay(Duration.ofMillis((long) (reconnectMaxDelay * 1000)));
  }

  private ConnectRequest request() {
    String target = url.contains("://") ? url : "ws://" + url;
    try {
      ConnectRequest.Builder b = ConnectRequest.to(target);
      for (String h : headers) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw usage("a header must look like 'Name: value', was '" + h + "'");
        }
        b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
      }
      b.subprotocols(subprotocols.toArray(new String[0]));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private ClientTls tls() {
    if (insecure && ca != null) {
      throw usage("--insecure and --ca exclude each other");
    }
    try {
      return insecure ? ClientTls.insecureTrustAllCertificates() : ca != null ? ClientTls.trusting(ca) : ClientTls.systemTrust();
    } catch (IllegalArgumentException e) {
      throw usage("--ca: " + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** One line: the failure kind first (e.g. CONNECTION_REFUSED), what happened, the URL. */
  private String describe(Throwable failure) {
    if (!(failure instanceof WebSocketConnectException)) {
      return "cannot connect: " + abbreviate(String.valueOf(failure));
    }
    WebSocketConnectException e = (WebSocketConnectException) failure;
    String hint = e.failure() == ConnectFailure.TLS_FAILURE && !insecure && ca == null
        ? " (--ca PEM trusts a private CA; --insecure skips the check for a test server)" : "";
    return abbreviate(e.getMessage()) + hint;
  }

  /** Some causes carry whole records in hex (Netty's "not an SSL/TLS record: 4854..."). */
  private static String abbreviate(String message) {
    return message.length() <= 300 ? message : message.substring(0, 200) + "..." + message.substring(message.length() - 80);
  }

  // ---------------------------------------------------------------- -x

  private int executeAndClose(Connection session, Console console) throws InterruptedException {
    for (String message : execute) {
      session.sendText(message).whenComplete((v, t) -> reportUnsent(t));
    }
    try {
      CloseEvent event = console.closed().get((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS);
      return exitStatus(event); // the server closed first
    } catch (TimeoutException e) {
      return closeAndWait(session, console, 1000, "");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // never: closed() only completes normally
    }
  }

  // ---------------------------------------------------------------- interactive

  private int interact(Connection session, Console console) throws InterruptedException {
    BlockingQueue<Object> inputs = new LinkedBlockingQueue<>();
    console.closed().whenComplete((e, t) -> inputs.add(DISCONNECTED));
    Thread reader = new Thread(() -> readLines(inputs), "switchboard-stdin");
    reader.setDaemon(true); // a read of a terminal cannot be interrupted; the JVM exits around it
    reader.start();
    while (true) {
      Object input = inputs.take();
      if (input == DISCONNECTED) {
        return exitStatus(console.closed().join());
      }
      if (input == END_OF_INPUT) {
        return closeAndWait(session, console, 1000, "");
      }
      Integer status = handleLine(session, console, (String) input);
      if (status != null) {
        return status;
      }
    }
  }

  private void readLines(BlockingQueue<Object> inputs) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        inputs.add(line);
      }
    } catch (IOException e) {
      terminal.err().println(spec.qualifiedName() + ": cannot read stdin: " + e.getMessage());
    } finally {
      inputs.add(END_OF_INPUT);
    }
  }

  /** Sends a line or runs a command; returns the exit status when the session is over. */
  private Integer handleLine(Connection session, Console console, String line) throws InterruptedException {
    if (!line.startsWith("/") || line.startsWith("//")) {
      String text = line.startsWith("//") ? line.substring(1) : line;
      session.sendText(text).whenComplete((v, t) -> reportUnsent(t));
      return null;
    }
    int space = line.indexOf(' ');
    String command = space < 0 ? line : line.substring(0, space);
    String argument = space < 0 ? "" : line.substring(space + 1);
    PrintStream err = terminal.err();
    switch (command) {
      case "/ping":
      case "/pong":
        byte[] payload = argument.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
          err.println(command + ": the payload is " + payload.length + " bytes in UTF-8; at most 125 fit a control frame");
          return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        Session open = session.session();
        if (open == null) {
          err.println(command + ": not connected (" + session.status() + "); not sent");
          return null;
        }
        ("/ping".equals(command) ? open.ping(b) : open.pong(b)).whenComplete((v, t) -> reportUnsent(t));
        return null;
      case "/close":
        String[] parts = argument.strip().split(" ", 2);
        int code = 1000;
        String reason = parts.length > 1 ? parts[1] : "";
        try {
          if (!parts[0].isEmpty()) {
            code = Integer.parseInt(parts[0]);
          }
          FrameEncoder.closePayload(code, reason); // checks code and reason before anything is sent
        } catch (IllegalArgumentException e) { // NumberFormatException included
          err.println("/close: " + (e instanceof NumberFormatException ? "'" + parts[0] + "' is not a close code" : e.getMessage())
              + "; usage: /close [CODE [REASON]]");
          return null;
        }
        return closeAndWait(session, console, code, reason);
      case "/quit":
      case "/exit":
        return closeAndWait(session, console, 1000, "");
      case "/help":
        err.println("commands: /ping [PAYLOAD], /pong [PAYLOAD], /close [CODE [REASON]], /quit; //TEXT sends /TEXT");
        return null;
      default:
        err.println("unknown command " + command + " (try /help; //TEXT sends /TEXT)");
        return null;
    }
  }

  private void reportUnsent(Throwable failure) {
    if (failure != null) {
      terminal.err().println(spec.qualifiedName() + ": not sent: " + failure.getMessage());
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes after the server has answered what was sent: a message that arrives after our close
   * frame is dropped (as browsers do), so replies still on their way would be lost. A ping goes
   * out first, and its pong, queued behind those replies, says when they are all in.
   */
  private int closeAndWait(Connection session, Console console, int code, String reason)
      throws InterruptedException {
    awaitReplies(session, console);
    session.close(code, reason);
    try {
      return exitStatus(console.closed().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      terminal.err().println(spec.qualifiedName() + ": the closing handshake did not finish within "
          + CLOSE_WAIT.toSeconds() + " s; dropping the connection");
      Session open = session.session();
      if (open != null) {
        open.abort();
      }
      return Main.EXIT_FAILURE;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // never: closed() only completes normally
    }
  }

  private static void awaitReplies(Connection connection, Console console) throws InterruptedException {
    Session session = connection.session();
    if (session == null || session.readyState() != ReadyState.OPEN) {
      return;
    }
    byte[] token = new byte[16];
    ThreadLocalRandom.current().nextBytes(token);
    CompletableFuture<Void> answered = console.expectPong(token);
    session.ping(ByteBuffer.wrap(token));
    try {
      CompletableFuture.anyOf(answered, console.closed()).get(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // No pong: close anyway; the closing handshake has its own timeout.
    }
  }

  private static int exitStatus(CloseEvent event) {
    return event.wasClean() && event.error() == null ? 0 : Main.EXIT_FAILURE;
  }
}
