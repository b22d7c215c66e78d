package dev.switchboard.websocket;

/**
 * What a server does with a topic message for a subscriber whose outgoing buffer would exceed
 * {@link Limits#maxBufferedBytes()}: see {@link ServerLimits#slowConsumerPolicy()}.
 */
public enum SlowConsumerPolicy {
  /**
   * Close the session with 1013 (try again later) and reason "too slow: ..."; the client may
   * reconnect and catch up. The close frame goes out behind what is already buffered, and the
   * session is dropped after {@link Limits#closeTimeout()} if the peer never reads it.
   */
  CLOSE,
  /** Skip the message for this subscriber and count it in {@link Session#droppedMessages()}. */
  DROP
}
