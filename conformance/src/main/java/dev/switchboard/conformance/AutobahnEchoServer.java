package dev.switchboard.conformance;

import dev.switchboard.cli.Main;

/**
 * The server the Autobahn TestSuite's fuzzingclient tests in the build: exactly {@code switchboard
 * echo}, on the port the suite's Maven plugin passes as the only argument.
 */
public final class AutobahnEchoServer {

  private AutobahnEchoServer() {}

  public static void main(String[] args) {
    String port = args.length > 0 ? args[0] : "9001";
    int status = Main.run(new String[] {"echo", "--host", "127.0.0.1", "--port", port, "--io-threads", "1"},
        System.in, System.out, System.err);
    if (status != 0) {
      throw new IllegalStateException("switchboard echo exited with status " + status);
    }
  }
}
