package dev.switchboard.hub;

/**
 * How the hub reaches one client transport (the hub server implements it over a WebSocket
 * session, tests with fakes). Implementations must be thread-safe and must never block: the hub
 * calls them from REST threads, event loops and its timer.
 *
 * <p>Ordering: the hub calls {@link #deliver} for one connection one call at a time, in publish
 * order (a reliable connection's sequence ids increase by one per call), so a sink that enqueues
 * in call order keeps the order. The hub may hold the connection's lock during the call: a sink
 * must not call back into the hub from {@code deliver} or {@code close}.
 */
public interface ConnectionSink {
  /**
   * The key of this sink's wire format, passed to {@link Message#encoded}: sinks with equal keys
   * share one encoding of each message (e.g. the subprotocol, {@code "json.webpubsub.azure.v1"}).
   */
  Object encoding();

  /**
   * Sends {@code message} to the client. {@code sequenceId} is the reliable protocol's id (1, 2,
   * ... per connection; the same id again when a message is replayed after recovery), or 0 on a
   * connection that is not reliable. A sink that queues should drop a message that
   * {@link Message#isExpired} by the time it would be written.
   */
  void deliver(Message message, long sequenceId);

  /**
   * Closes the transport because the hub ended the connection (REST close, replay buffer
   * overflow, a resumed connection replacing this transport). A sink speaking a Web PubSub
   * subprotocol sends the {@code disconnected} system message with the reason first. Called at
   * most once per sink.
   */
  void close(CloseReason reason);
}
