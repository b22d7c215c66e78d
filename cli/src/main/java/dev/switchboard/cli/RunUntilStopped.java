package dev.switchboard.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the server commands ({@code echo}, {@code serve}, {@code hub}) run until stopped: a stop of
 * the {@link Terminal}, else SIGINT or SIGTERM (a JVM shutdown hook), or an interrupt of the thread
 * that runs the command (an embedding harness such as the Autobahn Maven plugin does) starts the
 * shutdown, then waits for it at most the server's deadline plus 3 s. Thread-safe.
 */
final class RunUntilStopped {

  private static final Logger log = LoggerFactory.getLogger(RunUntilStopped.class);

  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Runnable shutdown;
  private final Duration deadline;

  /**
   * @param shutdown starts the shutdown; its stage completes once the server has stopped
   * @param deadline how long the server's shutdown waits for sessions
   */
  RunUntilStopped(Supplier<? extends CompletionStage<?>> shutdown, Duration deadline) {
    this.shutdown = () -> shutdown.get().whenComplete((v, t) -> stopped.complete(null));
    this.deadline = deadline;
  }

  /**
   * Shuts down when {@code terminal.stop()} completes or, without one, in a JVM shutdown hook named
   * {@code threadName} that runs {@code beforeHook}, shuts down, waits, then runs {@code afterHook}.
   */
  RunUntilStopped install(Terminal terminal, String threadName, Runnable beforeHook, Runnable afterHook) {
    if (terminal.stop() != null) {
      terminal.stop().whenComplete((v, t) -> shutdown.run());
    } else {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        beforeHook.run();
        shutdown.run();
        awaitQuietly();
        afterHook.run();
      }, threadName));
    }
    return this;
  }

  /** Blocks until stopped; an interrupt shuts down, waits, and keeps the interrupt status. */
  void await() {
    try {
      stopped.get();
    } catch (InterruptedException e) {
      shutdown.run();
      awaitQuietly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // never: stopped only completes normally
    }
  }

  private void awaitQuietly() {
    try {
      // The server's own deadline, plus time for its event loops to stop.
      stopped.get(deadline.toSeconds() + 3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("shutdown did not finish in time: {}", e.toString());
    }
  }
}
