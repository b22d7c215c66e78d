package dev.switchboard.cli;

import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.ServerLimits;
import dev.switchboard.websocket.SlowConsumerPolicy;
import dev.switchboard.websocket.WebSocketServer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code switchboard echo}: an echo server with a broadcast room, until stopped. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Run a WebSocket echo server with a broadcast room.",
    descriptionHeading = "%n",
    description = {
        "Every path echoes each message back unchanged, text as text and binary as binary, "
            + "except /broadcast, which publishes every message it receives to all sessions connected "
            + "on /broadcast, the sender included (a topic: each message is framed once for all).",
        "",
        "It serves the Autobahn TestSuite's fuzzingclient (which connects to / and /runCase?...); "
            + "the default limits take the 16 MiB messages of its 9.* cases.",
        "",
        "Once listening, it prints one line to stdout, with the real port if --port is 0:",
        "  switchboard echo listening on ws://HOST:PORT (TRANSPORT)",
        "Logs go to stderr. It runs until SIGINT (CTRL+C) or SIGTERM, then closes every session "
            + "with 1001 (going away), waiting up to 5 s for them."},
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
        "Examples:",
        "  switchboard echo",
        "  switchboard echo --host 0.0.0.0 --port 0",
        "  switchboard echo --port 9443 --tls-cert cert.pem --tls-key key.pem",
        "  switchboard echo --max-connections 10000 --max-connections-per-ip 100 --idle-timeout 5m",
        "  switchboard connect ws://127.0.0.1:9001/broadcast   (in several terminals)",
        ""})
final class EchoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(EchoCommand.class);

  /** How long shutdown waits for sessions to finish their closing handshakes. */
  static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(5);

  @Spec
  private CommandSpec spec;

  private final Terminal terminal;

  /** The server once started, for /broadcast's topic. */
  private final CompletableFuture<WebSocketServer> started = new CompletableFuture<>();

  @Mixin
  private ListenOptions listen = new ListenOptions();

  @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "16MiB", converter = ByteSize.class,
      description = "Largest message accepted; a larger one closes the session with 1009. "
          + "Suffixes KiB, MiB, GiB. Default: ${DEFAULT-VALUE}.")
  private long maxMessageBytes;

  @Option(names = "--max-frame-bytes", paramLabel = "N", defaultValue = "16MiB", converter = ByteSize.class,
      description = "Largest frame payload accepted; a larger one closes the session with 1009. "
          + "Suffixes KiB, MiB, GiB. Default: ${DEFAULT-VALUE}.")
  private long maxFrameBytes;

  @Option(names = "--io-threads", paramLabel = "N",
      description = "Event-loop threads serving connections. Default: one per CPU core.")
  private Integer ioThreads;

  @Option(names = "--max-buffered-bytes", paramLabel = "N", defaultValue = "64MiB", converter = ByteSize.class,
      description = "Most bytes queued for one session and not yet written; a send past it fails, a "
          + "/broadcast member past it is closed with 1013 (or see --slow-consumer). Default: ${DEFAULT-VALUE}.")
  private long maxBufferedBytes;

  @Option(names = "--slow-consumer", paramLabel = "POLICY", defaultValue = "CLOSE",
      description = "What happens to a /broadcast member over --max-buffered-bytes: CLOSE (1013) or "
          + "DROP (skip the message for it). Default: ${DEFAULT-VALUE}.")
  private SlowConsumerPolicy slowConsumer;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "100000",
      description = "Most connections at once; more are answered 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
  private int maxConnections;

  @Option(names = "--max-connections-per-ip", paramLabel = "N", defaultValue = "0",
      description = "Most connections at once from one IP address; more are answered 503. "
          + "0 is unlimited. Default: ${DEFAULT-VALUE}.")
  private int maxConnectionsPerIp;

  @Option(names = "--handshakes-per-second-per-ip", paramLabel = "RATE", defaultValue = "0",
      description = "Opening handshakes per second from one IP address (a bucket of 20); more are "
          + "answered 429 with Retry-After. 0 is unlimited. Default: ${DEFAULT-VALUE}.")
  private double handshakeRate;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "0", converter = Span.class,
      description = "Close a session with 1001 after this long without a frame from the client, "
          + "e.g. 30s, 5m, 500ms. 0 is off. Default: ${DEFAULT-VALUE}.")
  private Duration idleTimeout;

  @Option(names = "--reuse-port", defaultValue = "false",
      description = "One listening socket per I/O thread with SO_REUSEPORT (epoll only), so accepts "
          + "spread over the event loops. Default: off.")
  private boolean reusePort;

  @Option(names = "--deflate", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Agree to permessage-deflate (RFC 7692) when a client offers it; --no-deflate "
          + "declines. Messages of 1 KiB or more are sent compressed. Default: on.")
  private boolean deflate;

  EchoCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    listen.check(spec);
    WebSocketServer server;
    try {
      server = configure().start();
      started.complete(server);
    } catch (IllegalArgumentException e) { // a bad option value, an unreadable or invalid PEM file
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (IllegalStateException e) { // the port is taken, the address is not ours...
      terminal.err().println(spec.qualifiedName() + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    RunUntilStopped run = new RunUntilStopped(() -> server.shutdown(SHUTDOWN_DEADLINE), SHUTDOWN_DEADLINE)
        .install(terminal, "switchboard-shutdown",
            () -> log.info("stopping: closing {} sessions with 1001, waiting up to {} s",
                server.sessions().size(), SHUTDOWN_DEADLINE.toSeconds()),
            () -> log.info("stopped"));
    terminal.out().println("switchboard echo listening on " + listen.url(server.port())
        + " (" + server.transport() + ")");
    terminal.out().flush();
    run.await();
    return 0;
  }

  private WebSocketServer.Builder configure() {
    Limits limits = Limits.DEFAULT.withMaxMessageBytes(maxMessageBytes).withMaxFramePayloadBytes(maxFrameBytes)
        .withMaxBufferedBytes(maxBufferedBytes).withIdleTimeout(idleTimeout);
    ServerLimits serverLimits = ServerLimits.DEFAULT.withMaxConnections(maxConnections)
        .withMaxConnectionsPerIp(maxConnectionsPerIp).withHandshakesPerSecondPerIp(handshakeRate)
        .withSlowConsumerPolicy(slowConsumer);
    WebSocketServer.Builder b = listen.applyTo(WebSocketServer.builder())
        .limits(limits)
        .limits(serverLimits)
        .reusePort(reusePort)
        .route(Route.of("/broadcast", new BroadcastEndpoint(started)))
        .route(Route.of("/*", new EchoEndpoint()));
    if (ioThreads != null) {
      b.ioThreads(ioThreads);
    }
    if (deflate) {
      b.compression(DeflateConfig.DEFAULT);
    }
    return b;
  }

  /** Durations: a number with ms, s, m or h (a bare number is seconds). */
  static final class Span implements ITypeConverter<Duration> {
    private static final Pattern SPAN = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
      Matcher m = SPAN.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m or 1h)");
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      switch (unit) {
        case "ms":
          return Duration.ofMillis(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofSeconds(n);
      }
    }
  }

  /** Byte counts: a number, optionally with KiB, MiB or GiB (or k, m, g). */
  static final class ByteSize implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(?:([kmg])(?:i?b)?|b)?");

    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a byte count (e.g. 1048576, 64KiB or 16MiB)");
      }
      long n = Long.parseLong(m.group(1));
      int shift = m.group(2) == null ? 0 : "kmg".indexOf(m.group(2)) * 10 + 10;
      if (n > Long.MAX_VALUE >> shift) {
        throw new TypeConversionException("'" + value + "' is too large");
      }
      return n << shift;
    }
  }
}
