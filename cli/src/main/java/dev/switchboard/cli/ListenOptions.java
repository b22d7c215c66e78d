package dev.switchboard.cli;

import dev.switchboard.websocket.ServerTls;
import dev.switchboard.websocket.WebSocketServer;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The listening options of {@code echo} and {@code serve} (a picocli mixin): --host, --port,
 * --tls-cert and --tls-key. Not thread-safe: picocli fills it once, before the command runs.
 */
final class ListenOptions {

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9001",
      description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "Serve wss:// with this certificate chain (PEM); needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM",
      description = "The unencrypted PKCS#8 private key (PEM, BEGIN PRIVATE KEY) for --tls-cert.")
  Path tlsKey;

  /** Rejects --tls-cert without --tls-key and the reverse as a usage error (exit 2). */
  void check(CommandSpec spec) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
    }
  }

  /**
   * Sets host, port and, with --tls-cert, TLS on {@code b}.
   *
   * @throws IllegalArgumentException if a PEM file is unreadable or invalid
   */
  WebSocketServer.Builder applyTo(WebSocketServer.Builder b) {
    b.host(host).port(port);
    if (tlsCert != null) {
      b.tls(ServerTls.of(tlsCert, tlsKey));
    }
    return b;
  }

  /** {@code ws://HOST:PORT}, or {@code wss://} with TLS; an IPv6 host in brackets. */
  String url(int boundPort) {
    String scheme = tlsCert != null ? "wss" : "ws";
    String hostInUrl = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return scheme + "://" + hostInUrl + ":" + boundPort;
  }
}
