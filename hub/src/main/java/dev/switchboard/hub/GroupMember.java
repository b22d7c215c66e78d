package dev.switchboard.hub;

/**
 * One connection in a group, as the REST list operation returns it. Thread-safe (immutable).
 *
 * @param connectionId the connection
 * @param userId its user, or null
 */
public record GroupMember(String connectionId, String userId) {}
