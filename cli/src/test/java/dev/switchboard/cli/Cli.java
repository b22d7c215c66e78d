package dev.switchboard.cli;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of {@link Main#run} on its own thread, with its output captured line by line. */
final class Cli {

  final Lines out = new Lines();
  final Lines err = new Lines();
  final CompletableFuture<Void> stop = new CompletableFuture<>();
  final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private Cli() {}

  static Cli start(InputStream in, String... args) {
    Cli cli = new Cli();
    Thread t = new Thread(() -> {
      try {
        cli.exit.complete(Main.run(args, in, cli.out.stream(), cli.err.stream(), cli.stop));
      } catch (Throwable e) {
        cli.exit.completeExceptionally(e);
      }
    }, "cli " + String.join(" ", args));
    t.setDaemon(true);
    t.start();
    return cli;
  }

  /** Runs to the end with empty input and returns the exit status. */
  static Cli run(String... args) throws Exception {
    return run(InputStream.nullInputStream(), args);
  }

  static Cli run(InputStream in, String... args) throws Exception {
    Cli cli = start(in, args);
    cli.exitStatus();
    return cli;
  }

  /** Waits for the command to finish (at most 20 s) and returns its exit status. */
  int exitStatus() throws Exception {
    return exit.get(20, TimeUnit.SECONDS);
  }
}
