package dev.switchboard.websocket;

import java.time.Duration;

/**
 * A {@link Connection} is about to try again: the payload of {@link ConnectionEvent#RECONNECTING}.
 * Immutable and thread-safe.
 *
 * @param attempt the retry about to be made, from 1 (counted per outage)
 * @param delay how long the connection waits before it
 * @param failure the connect failure being retried, or null when this retry follows a close
 * @param close the close that started the outage, or null while the first connect is retried
 */
public record Reconnecting(int attempt, Duration delay, Throwable failure, CloseEvent close) {}
