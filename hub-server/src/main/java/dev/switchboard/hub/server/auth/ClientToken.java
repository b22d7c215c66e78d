package dev.switchboard.hub.server.auth;

import java.net.URI;

/**
 * A client access token and the WebSocket URL carrying it, as {@code :generateToken} and the
 * SDKs' {@code getClientAccessUrl} return them. Immutable and thread-safe.
 *
 * @param token the JWT; the REST body of {@code :generateToken} is {@code {"token":"<token>"}}
 * @param url {@code ws(s)://host[:port]/client/hubs/{hub}?access_token=<token>}
 */
public record ClientToken(String token, URI url) {}
