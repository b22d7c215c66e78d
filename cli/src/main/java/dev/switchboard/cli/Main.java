package dev.switchboard.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code switchboard} command line: {@code switchboard echo}, {@code connect} and {@code bench}.
 * Each call of {@link #run} parses its own arguments into fresh command objects, so it is safe
 * to call from several threads at once.
 */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "WebSocket tools: a pub/sub hub compatible with Azure Web PubSub, an echo and broadcast server, an endpoint server, an interactive client and a load tool.",
    subcommands = {HubCommand.class, EchoCommand.class, ServeCommand.class, ConnectCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {
        "",
        "Examples:",
        "  switchboard hub",
        "  switchboard echo --port 9001",
        "  switchboard serve --endpoints ./websockets",
        "  switchboard connect ws://127.0.0.1:9001/chat",
        "  switchboard connect -x hello ws://127.0.0.1:9001/",
        "  switchboard bench echo --url ws://127.0.0.1:9001/echo -c 100 -w 16",
        "",
        "Run 'switchboard COMMAND --help' for the options of a command.",
        "Exit status: 0 success, 1 failure, 2 bad usage.",
        ""})
public final class Main implements Callable<Integer> {

  /** Exit status for a command line that cannot be run as given. */
  static final int EXIT_USAGE = 2;

  /** Exit status for a failure: no connection, a dropped connection, a port in use. */
  static final int EXIT_FAILURE = 1;

  @Spec
  private CommandSpec spec;

  public static void main(String[] args) {
    // WebSocket text is UTF-8: print it as such, whatever the platform's default charset.
    PrintStream out = utf8(FileDescriptor.out);
    PrintStream err = utf8(FileDescriptor.err);
    int status = run(args, System.in, out, err);
    out.flush();
    err.flush();
    System.exit(status);
  }

  private static PrintStream utf8(FileDescriptor fd) {
    return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd)), true, StandardCharsets.UTF_8);
  }

  /**
   * Runs a command line and returns its exit status. A long-running command ({@code echo}) runs
   * until SIGINT or SIGTERM.
   *
   * @param out what the commands print for people and scripts (expected to encode UTF-8)
   * @param err error messages and usage help
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, null);
  }

  /**
   * As {@link #run(String[], InputStream, PrintStream, PrintStream)}, but a long-running command
   * stops when {@code stop} completes instead of on a signal: the way tests stop {@code echo}.
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, CompletionStage<?> stop) {
    return run(args, in, out, err, stop, System.getenv());
  }

  /** As above, with {@code env} in place of the process environment (read by {@code hub}). */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, CompletionStage<?> stop,
      java.util.Map<String, String> env) {
    Terminal terminal = new Terminal(in, out, err, stop);
    CommandLine cmd = new CommandLine(new Main(), new Factory(terminal, env));
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    cmd.setOut(outWriter);
    cmd.setErr(errWriter);
    cmd.setUsageHelpAutoWidth(true);
    cmd.setParameterExceptionHandler(Main::usageError);
    cmd.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": internal error: " + e);
      e.printStackTrace(c.getErr());
      return EXIT_FAILURE;
    });
    try {
      return cmd.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** One line saying what is wrong and where to look, as GNU tools do; not the whole usage. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine c = e.getCommandLine();
    PrintWriter err = c.getErr();
    String name = c.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + name + " --help' for more information.");
    return EXIT_USAGE;
  }

  /** Without a command: say so, exit 2. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing COMMAND: hub, echo, serve, connect or bench");
  }

  /** Makes the commands with the terminal they print to. */
  private static final class Factory implements IFactory {
    private final Terminal terminal;
    private final java.util.Map<String, String> env;

    Factory(Terminal terminal, java.util.Map<String, String> env) {
      this.terminal = terminal;
      this.env = env;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == HubCommand.class) {
        return type.cast(new HubCommand(terminal, env));
      }
      if (type == EchoCommand.class) {
        return type.cast(new EchoCommand(terminal));
      }
      if (type == ServeCommand.class) {
        return type.cast(new ServeCommand(terminal));
      }
      if (type == ConnectCommand.class) {
        return type.cast(new ConnectCommand(terminal));
      }
      if (type == BenchCommand.Echo.class) {
        return type.cast(new BenchCommand.Echo(terminal));
      }
      if (type == BenchCommand.Broadcast.class) {
        return type.cast(new BenchCommand.Broadcast(terminal));
      }
      if (type == BenchCommand.Connections.class) {
        return type.cast(new BenchCommand.Connections(terminal));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** {@code --version}: ours, the JVM's and the platform's. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
          "switchboard " + version(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
          System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }

    static String version() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p.getProperty("version", "unknown");
    }
  }
}
