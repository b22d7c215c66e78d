package dev.switchboard.cli;

import dev.switchboard.cli.load.BroadcastLoad;
import dev.switchboard.cli.load.EchoLoad;
import dev.switchboard.cli.load.IdleLoad;
import dev.switchboard.cli.load.LoadOptions;
import dev.switchboard.cli.load.Payloads;
import dev.switchboard.cli.load.Report;
import dev.switchboard.cli.load.ServerProcess;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code switchboard bench}: the load tool, with one subcommand per mode. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "MODE",
    header = "Load a WebSocket server and measure it: echo, broadcast or idle connections.",
    descriptionHeading = "%n",
    description = {
        "Raw Netty channels (epoll) send pre-encoded masked frames and decode replies with "
            + "Switchboard's codec; every payload carries a sequence number and send time, so loss, "
            + "corruption and latency are checked for every message. With --server-pid the "
            + "server's CPU time (/proc/PID/stat) over the measured interval gives CPU per message.",
        "",
        "Prints one figure per line, or one JSON object with --json. Exit status 1 if a connection "
            + "failed or a payload was corrupt or missing."},
    subcommands = {BenchCommand.Echo.class, BenchCommand.Broadcast.class, BenchCommand.Connections.class},
    footerHeading = "%n",
    footer = {
        "Examples:",
        "  switchboard bench echo --url ws://127.0.0.1:9001/echo -c 100 -w 16 -s 32 --server-pid 1234",
        "  switchboard bench broadcast --url ws://127.0.0.1:9001/broadcast -c 1000 -s 64..100 --rate 50",
        "  switchboard bench connections --url ws://127.0.0.1:9001/echo -c 10000 --server-pid 1234",
        ""})
final class BenchCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing MODE: echo, broadcast or connections");
  }

  /** The options every mode has. */
  static final class Common {
    @Option(names = "--url", paramLabel = "URL", required = true,
        description = "The server: ws://HOST:PORT/PATH (e.g. ws://127.0.0.1:9001/echo).")
    String url;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "100",
        description = "Connections (subscribers in broadcast mode). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
        description = "Measured interval (hold time in connections mode): 10s, 500ms, 2m. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
        description = "Load before measuring, not counted. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
        description = "The load tool's event-loop threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--server-pid", paramLabel = "PID",
        description = "The server's process id: adds its CPU time per message (and memory in connections mode).")
    Long serverPid;

    @Option(names = "--connect-timeout", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
        description = "How long opening every connection may take. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--json", description = "Print the figures as one JSON object on one line.")
    boolean json;

    @Option(names = "--busy-poll",
        description = "The load tool's event loops spin on epoll instead of sleeping: the server pays no wake-up per "
            + "message and the tool adds no wake-up latency; each loop keeps its core busy.")
    boolean busyPoll;

    LoadOptions options(CommandSpec spec) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new ParameterException(spec.commandLine(), "--url '" + url + "' is not a URL: " + e.getMessage());
      }
      ServerProcess server = serverPid == null ? null : new ServerProcess(serverPid);
      return new LoadOptions(uri, connections, threads, warmup, duration, server, connectTimeout, busyPoll);
    }
  }

  /** The options of the modes that send messages. */
  static final class Messages {
    @Option(names = {"-s", "--size"}, paramLabel = "BYTES[..MAX]", defaultValue = "32",
        description = "Payload size, or a range whose sizes messages take in turn (64..100); at least 32 "
            + "(sequence number and send time). Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--binary", description = "Send binary frames (default: text, which servers validate as UTF-8).")
    boolean binary;

    Payloads payloads() {
      Matcher m = Pattern.compile("(\\d{1,9})(?:\\.\\.(\\d{1,9}))?").matcher(size.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("--size '" + size + "' is not a byte count or range such as 32 or 64..100");
      }
      int min = Integer.parseInt(m.group(1));
      int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
      return new Payloads(min, max, binary, ThreadLocalRandom.current().nextInt() | 0x0101_0101);
    }
  }

  /** Runs a mode: option errors exit 2, a failed run 1, a clean one 0. */
  static int execute(CommandSpec spec, Terminal terminal, boolean json, Supplier<Report> run) {
    Report r;
    try {
      r = run.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      terminal.err().println(spec.qualifiedName() + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    if (json) {
      terminal.out().println(r.toJson());
    } else {
      r.printHuman(terminal.out());
    }
    terminal.out().flush();
    long corrupt = r.get("corrupt") instanceof Long l ? l : 0;
    long missing = r.get("missing") instanceof Long l ? l : 0;
    long closed = r.get("closed_early") instanceof Long l ? l : 0;
    if (corrupt + missing + closed > 0) {
      terminal.err().println(spec.qualifiedName() + ": " + corrupt + " corrupt, " + missing + " missing, "
          + closed + " connections closed early" + (r.get("first_close") != null ? " (" + r.get("first_close") + ")" : ""));
      return Main.EXIT_FAILURE;
    }
    return 0;
  }

  @Command(name = "echo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
      header = "N connections, W messages in flight each, every echo checked.",
      description = "Reports messages/s, MB/s (payload bytes echoed, 10^6 B), latency percentiles (send to "
          + "echo), corrupt and missing echoes, and with --server-pid the server's CPU µs per message.")
  static final class Echo implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common = new Common();
    @Mixin
    Messages messages = new Messages();
    @Option(names = {"-w", "--window"}, paramLabel = "N", defaultValue = "1",
        description = "Messages in flight per connection. Default: ${DEFAULT-VALUE}.")
    int window;

    private final Terminal terminal;

    Echo(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() {
      return execute(spec, terminal, common.json,
          () -> new EchoLoad(common.options(spec), window, messages.payloads()).run());
    }
  }

  @Command(name = "broadcast", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
      header = "N subscribers and one publisher on a broadcast path.",
      description = "Reports deliveries/s to subscribers, publish-to-last-subscriber latency, corrupt and missing "
          + "deliveries, and with --server-pid the server's CPU µs per delivery.")
  static final class Broadcast implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common = new Common();
    @Mixin
    Messages messages = new Messages();
    @Option(names = "--rate", paramLabel = "MSGS_PER_S", defaultValue = "0",
        description = "Messages the publisher sends per second; 0 saturates (see --window). Default: ${DEFAULT-VALUE}.")
    double rate;
    @Option(names = {"-w", "--window"}, paramLabel = "N", defaultValue = "4",
        description = "With --rate 0: messages not yet at every subscriber, kept in flight. Default: ${DEFAULT-VALUE}.")
    int window;

    private final Terminal terminal;

    Broadcast(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() {
      return execute(spec, terminal, common.json,
          () -> new BroadcastLoad(common.options(spec), rate, window, messages.payloads()).run());
    }
  }

  @Command(name = "connections", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      sortOptions = false,
      header = "N idle connections, held: the server's memory per connection.",
      description = "With --server-pid: RSS growth per connection (/proc/PID/status), and for a JVM server the "
          + "heap after a full GC per connection (jcmd PID GC.run, GC.heap_info; --no-heap skips it). "
          + "Above 28,000 connections they come from several 127.0.0.x addresses.")
  static final class Connections implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common = new Common();
    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "0",
        description = "Local addresses 127.0.0.1..N to connect from; 0: one per 28,000 connections. Default: ${DEFAULT-VALUE}.")
    int sources;
    @Option(names = "--heap", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Measure the server's heap after GC with jcmd (a JVM server). Default: on.")
    boolean heap;

    private final Terminal terminal;

    Connections(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() {
      return execute(spec, terminal, common.json, () -> new IdleLoad(common.options(spec), sources, heap).run());
    }
  }

  /** Durations: a number with ms, s, m or h (a bare number is seconds). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern TIME = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
      Matcher m = TIME.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 10s, 2m)");
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }
  }

}
