package dev.switchboard.cli;

import dev.switchboard.hub.server.HubConfigLoader;
import dev.switchboard.hub.server.HubServer;
import dev.switchboard.hub.server.HubServerConfig;
import dev.switchboard.hub.server.auth.AccessKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard hub}: the Azure Web PubSub compatible hub, until stopped. */
@Command(
    name = "hub",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Run the pub/sub hub that Azure Web PubSub's SDKs drive unchanged.",
    descriptionHeading = "%n",
    description = {
        "Serves Azure Web PubSub's data-plane REST API under /api and clients under "
            + "/client/hubs/{hub}, on one port. Hubs are created on first use; declare them in the "
            + "config file to give them event handlers, anonymous access or a keep-alive interval.",
        "",
        "Configuration, later wins: defaults, the config file (--config or SWITCHBOARD_HUB_CONFIG; "
            + "JSON, or YAML for .yaml/.yml), SWITCHBOARD_HUB_* environment variables, options.",
        "",
        "Without an access key configured, one is generated and stored in --key-file (reused on "
            + "the next start), or kept in memory only with --ephemeral-key.",
        "",
        "Once listening, it prints to stdout:",
        "  switchboard hub listening on http://HOST:PORT (TRANSPORT)",
        "  access key: WHERE IT CAME FROM",
        "  connection string: Endpoint=http://HOST:PORT;AccessKey=KEY;Version=1.0;",
        "Logs go to stderr. It runs until SIGINT (CTRL+C) or SIGTERM, then closes every client "
            + "with 1001 (going away), waiting up to 5 s."},
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
        "Environment: SWITCHBOARD_HUB_CONFIG, _HOST, _PORT, _ACCESS_KEY, _SECONDARY_ACCESS_KEY,",
        "  _PUBLIC_ENDPOINT, _MAX_HTTP_BODY_BYTES, _MAX_MESSAGE_BYTES, _HANDSHAKE_TIMEOUT_SECONDS,",
        "  _MAX_BUFFERED_BYTES, _TLS_CERT, _TLS_KEY, _HUBS (inline JSON/YAML of the hubs section). See docs/hub.md.",
        "",
        "Examples:",
        "  switchboard hub",
        "  switchboard hub --port 0 --ephemeral-key",
        "  switchboard hub --config hub.yaml",
        "  SWITCHBOARD_HUB_ACCESS_KEY=$(openssl rand -base64 32) switchboard hub --host 0.0.0.0",
        ""})
final class HubCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(HubCommand.class);

  static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(5);

  @Spec
  private CommandSpec spec;

  private final Terminal terminal;
  private final Map<String, String> env;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "JSON or YAML config file (see docs/hub.md). Default: $SWITCHBOARD_HUB_CONFIG, else none.")
  private Path config;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to listen on; 0.0.0.0 for every interface. Default: 127.0.0.1.")
  private String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one. Default: " + HubServerConfig.DEFAULT_PORT + ".")
  private Integer port;

  @Option(names = "--access-key", paramLabel = "KEY",
      description = "The primary access key (at least 32 bytes). Prefer SWITCHBOARD_HUB_ACCESS_KEY: "
          + "options show in process listings.")
  private String accessKey;

  @Option(names = "--public-endpoint", paramLabel = "URL",
      description = "The URL clients and SDKs use (behind a proxy); printed in the connection string.")
  private URI publicEndpoint;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "Where a generated key is stored and read back. Default: "
          + "$XDG_CONFIG_HOME/switchboard/hub-access-key (~/.config/...).")
  private Path keyFile;

  @Option(names = "--ephemeral-key",
      description = "When no key is configured, generate one for this run only and store nothing.")
  private boolean ephemeralKey;

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "Serve https:// and wss:// with this certificate chain (PEM); needs --tls-key.")
  private Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM",
      description = "The unencrypted PKCS#8 private key (PEM) for --tls-cert.")
  private Path tlsKey;

  HubCommand(Terminal terminal, Map<String, String> env) {
    this.terminal = terminal;
    this.env = env;
  }

  @Override
  public Integer call() {
    HubServerConfig cfg;
    String keySource;
    try {
      cfg = configure();
      List<String> keys = new ArrayList<>(cfg.accessKeys());
      if (keys.isEmpty()) {
        KeyChoice k = generatedKey();
        keys.add(k.key);
        keySource = k.source;
        cfg = cfg.withAccessKeys(keys);
      } else {
        keySource = "configured (" + (keys.size() == 2 ? "primary and secondary" : "primary") + ")";
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    HubServer server;
    try {
      server = HubServer.start(cfg);
    } catch (IllegalArgumentException e) { // short key, bad TLS files
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (IllegalStateException e) { // the port is taken
      terminal.err().println(spec.qualifiedName() + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    RunUntilStopped run = new RunUntilStopped(() -> server.shutdown(SHUTDOWN_DEADLINE), SHUTDOWN_DEADLINE)
        .install(terminal, "switchboard-hub-shutdown",
            () -> log.info("stopping: closing clients with 1001, waiting up to {} s", SHUTDOWN_DEADLINE.toSeconds()),
            () -> { });
    String scheme = cfg.isTls() ? "https" : "http";
    String h = cfg.host().indexOf(':') >= 0 ? "[" + cfg.host() + "]" : cfg.host();
    terminal.out().println("switchboard hub listening on " + scheme + "://" + h + ":" + server.port()
        + " (" + server.transport() + ")");
    terminal.out().println("access key: " + keySource);
    terminal.out().println("connection string: " + server.connectionString().format());
    terminal.out().flush();
    run.await();
    return 0;
  }

  HubServerConfig configure() {
    HubServerConfig c = HubServerConfig.defaults();
    Path file = config;
    if (file == null) {
      String fromEnv = env.get("SWITCHBOARD_HUB_CONFIG");
      file = fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.strip());
    }
    if (file != null) {
      c = HubConfigLoader.applyFile(file, c);
    }
    c = HubConfigLoader.applyEnvironment(env, c);
    if (host != null) {
      c = c.withHost(host);
    }
    if (port != null) {
      c = c.withPort(port);
    }
    if (accessKey != null) {
      List<String> keys = new ArrayList<>(c.accessKeys());
      if (keys.isEmpty()) {
        keys.add(accessKey);
      } else {
        keys.set(0, accessKey);
      }
      c = c.withAccessKeys(keys);
    }
    if (publicEndpoint != null) {
      c = c.withPublicEndpoint(publicEndpoint);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (tlsCert != null) {
      c = c.withTls(tlsCert, tlsKey);
    }
    for (String k : c.accessKeys()) {
      new AccessKeys(k, null); // a short key fails here, before binding, naming the rule
    }
    return c;
  }

  private record KeyChoice(String key, String source) {}

  private KeyChoice generatedKey() {
    if (ephemeralKey) {
      return new KeyChoice(AccessKeys.generateKey(), "generated for this run only (--ephemeral-key; not stored)");
    }
    Path file = keyFile != null ? keyFile : defaultKeyFile();
    try {
      if (Files.isRegularFile(file)) {
        String key = Files.readString(file).strip();
        new AccessKeys(key, null);
        return new KeyChoice(key, "read from " + file + " (generated on an earlier start)");
      }
      String key = AccessKeys.generateKey();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, key + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps the default permissions
      }
      return new KeyChoice(key, "generated and stored in " + file + " (used again on the next start)");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot store the generated key in " + file + ": " + e
          + "; pass --key-file, --ephemeral-key or configure a key");
    }
  }

  private Path defaultKeyFile() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("switchboard").resolve("hub-access-key");
  }
}
