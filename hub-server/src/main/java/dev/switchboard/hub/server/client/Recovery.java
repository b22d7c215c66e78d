package dev.switchboard.hub.server.client;

import dev.switchboard.hub.Hub;

/**
 * A reliable client reconnecting with {@code awps_connection_id} and {@code
 * awps_reconnection_token} (spec §3.6), carried to {@code onOpen}. The upgrade is always
 * accepted; a refused recovery is then closed with 1008 so that the client stops retrying.
 * Immutable and thread-safe.
 *
 * @param hub the hub, or null when the hub is unknown
 * @param connectionId the connection to resume
 * @param refusal why recovery is refused before even trying (bad token, unknown hub), or null
 */
record Recovery(Hub hub, String connectionId, String refusal) {}
