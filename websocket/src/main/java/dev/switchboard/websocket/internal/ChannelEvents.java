package dev.switchboard.websocket.internal;

/**
 * The channel events a WebSocket connection handles once the opening handshake is done. They
 * reach it by one of two thin adapters: its own pipeline handler (NIO, io_uring, clients, tests
 * on {@code EmbeddedChannel}), or, on a {@link CompactEpollSocketChannel}, straight from the tail
 * of the pipeline with no handler of ours in it (64 bytes less per connection: no handler
 * context). Called on the channel's event loop only; implementations are confined to it.
 */
interface ChannelEvents {

  /** A message read from the channel, owned by the callee from here on (it releases it). */
  void onChannelRead(Object msg);

  /** The end of a read batch. */
  void onChannelReadComplete();

  /** The channel's writability changed ({@code isWritable()} tells which way). */
  void onWritabilityChanged();

  /** An exception reached the end of the pipeline; the channel is closed. */
  void onException(Throwable cause);

  /** The channel closed. */
  void onChannelInactive();
}
