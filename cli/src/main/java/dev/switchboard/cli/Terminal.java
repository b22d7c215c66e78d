package dev.switchboard.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletionStage;

/**
 * Where a command reads and prints, and how a long-running one learns to stop. Immutable; the
 * streams are the caller's (PrintStream is thread-safe per call).
 *
 * @param in standard input
 * @param out what the command prints for people and scripts
 * @param err error messages
 * @param stop completes when a long-running command should stop; null to stop on SIGINT or
 *     SIGTERM (a JVM shutdown hook)
 */
record Terminal(InputStream in, PrintStream out, PrintStream err, CompletionStage<?> stop) {}
