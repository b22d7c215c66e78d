package dev.switchboard.websocket;

import java.net.URI;
import java.time.Instant;

/**
 * What a {@link ClientRegistry} knows about one of its connections, at the moment it was asked.
 * Immutable and thread-safe.
 *
 * @param id the {@link Connection#id()}, the same across reconnects
 * @param url the URL connected to
 * @param handler the name the handler was registered under, or, for a handler given directly,
 *     the name given with it
 * @param status the connection's status when this was taken
 * @param created when the registry opened the connection
 * @param lastActivity the last event of the connection: opened, a message, a ping or pong, an
 *     error, a reconnect attempt or the close (equals {@code created} until then)
 */
public record ClientInfo(String id, URI url, String handler, ConnectionStatus status, Instant created,
    Instant lastActivity) {}
