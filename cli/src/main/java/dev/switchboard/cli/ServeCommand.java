package dev.switchboard.cli;

import dev.switchboard.endpoints.EndpointDirectory;
import dev.switchboard.endpoints.EndpointStatus;
import dev.switchboard.websocket.HandlerEvent;
import dev.switchboard.websocket.WebSocketHandler;
import dev.switchboard.websocket.WebSocketServer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

/** {@code switchboard serve}: serves the endpoints declared by a directory of descriptors. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Serve WebSocket endpoints declared by *.websocket descriptor files.",
    descriptionHeading = "%n",
    description = {
        "Each *.websocket file in DIR (and below) is a JSON object in Eclipse Dirigible's form:",
        "  {\"endpoint\": \"chat\", \"handler\": \"com.example.ChatHandler\", \"description\": \"...\"}",
        "and is served at /websockets/v4/service/ENDPOINT. The handler is a class on the class path "
            + "implementing dev.switchboard.websocket.WebSocketHandler (public, no-argument constructor), "
            + "or a built-in name: 'echo' echoes every message.",
        "",
        "Files that are not valid are reported on stderr and in the listing, and the others are "
            + "served. DIR is read again every --poll-interval: added files are served, removed "
            + "ones stop being served (their sessions are closed with 1001).",
        "",
        "GET /websockets/v4/endpoints answers a JSON list of every file: endpoint, handler, "
            + "description, source, status, errors and open sessions.",
        "",
        "Once listening, it prints one line to stdout, with the real port if --port is 0:",
        "  switchboard serve listening on ws://HOST:PORT (N endpoints from DIR)",
        "It runs until SIGINT (CTRL+C) or SIGTERM, then closes every session with 1001."},
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
        "Examples:",
        "  switchboard serve --endpoints ./websockets",
        "  switchboard serve --endpoints ./websockets --port 9443 --tls-cert cert.pem --tls-key key.pem",
        "  curl http://127.0.0.1:9001/websockets/v4/endpoints",
        ""})
final class ServeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Spec
  private CommandSpec spec;

  private final Terminal terminal;

  @Option(names = "--endpoints", paramLabel = "DIR", required = true,
      description = "Directory of *.websocket descriptors (read recursively).")
  private Path directory;

  @Mixin
  private ListenOptions listen = new ListenOptions();

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", converter = Interval.class,
      description = "How often DIR is read again for changes (e.g. 500ms, 2s, 1m). Default: ${DEFAULT-VALUE}.")
  private Duration pollInterval;

  ServeCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  /** The built-in handler {@code echo}: every message back, text as text. */
  static final class Echo implements WebSocketHandler {
    @Override
    public void onMessage(HandlerEvent event) {
      if (event.text() != null) {
        event.session().sendText(event.text());
      } else {
        event.session().sendBinary(event.data());
      }
    }
  }

  @Override
  public Integer call() {
    listen.check(spec);
    EndpointDirectory endpoints;
    List<EndpointStatus> first;
    try {
      endpoints = EndpointDirectory.builder(directory).handler("echo", new Echo()).build();
      first = endpoints.scan();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), "--endpoints: " + e.getMessage(), e);
    }
    WebSocketServer server;
    try {
      server = listen.applyTo(WebSocketServer.builder())
          .route(endpoints.route()).http(endpoints.adminService(null)).start();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (IllegalStateException e) {
      terminal.err().println(spec.qualifiedName() + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-endpoints-watch");
      t.setDaemon(true);
      return t;
    });
    AutoCloseable watch = endpoints.watch(watcher, pollInterval);
    RunUntilStopped run = new RunUntilStopped(() -> {
      closeQuietly(watch);
      watcher.shutdownNow();
      return server.shutdown(EchoCommand.SHUTDOWN_DEADLINE);
    }, EchoCommand.SHUTDOWN_DEADLINE).install(terminal, "switchboard-shutdown", () -> { }, () -> { });
    long served = first.stream().filter(EndpointStatus::active).count();
    terminal.out().println("switchboard serve listening on " + listen.url(server.port())
        + " (" + served + " endpoints from " + directory + ")");
    for (EndpointStatus s : first) {
      if (!s.active()) {
        terminal.err().println(spec.qualifiedName() + ": " + s);
      }
    }
    terminal.out().flush();
    run.await();
    return 0;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("stopping the directory watch", e);
    }
  }

  /** Durations such as 500ms, 2s, 1m. */
  static final class Interval implements ITypeConverter<Duration> {
    private static final Pattern D = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");

    @Override
    public Duration convert(String value) {
      Matcher m = D.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new TypeConversionException("'" + value + "' is not a positive duration (e.g. 500ms, 2s or 1m)");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMinutes(n);
      };
    }
  }
}
