package dev.switchboard.hub;

/**
 * A client's custom event ({@code event} message, or a simple client's frame as event
 * {@code message}) for the upstream handler. Thread-safe (immutable).
 *
 * @param event the event name
 * @param dataType how the payload is encoded
 * @param payload the payload bytes (not to be modified)
 */
public record UserEvent(String event, DataType dataType, byte[] payload) {}
