package dev.switchboard.websocket.internal;

import io.netty.util.concurrent.ScheduledFuture;

/**
 * What a {@link NettyConnection} holds only once it needs it: the close handshake's codes,
 * reasons, failure and timer (from the close on), the heartbeat and the idle timer (from the
 * start, when their limits are on). An idle session with neither limit has none: about 40 bytes
 * less per connection (docs/benchmarks.md). Confined to the connection's event loop, like the
 * connection's own fields (made in its constructor, or on the loop).
 */
final class SessionExtras {

  // Heartbeat pings (Limits.pingInterval); null when off.
  KeepAlive keepAlive;
  // The idle timeout (Limits.idleTimeout), on the loop's clock; null when off.
  IdleTimer idle;

  // The close handshake.
  boolean remoteInitiated;
  boolean failedWithClose;
  boolean aborted;
  int sentCode;
  String sentReason = "";
  int receivedCode;
  String receivedReason = "";
  Throwable failure;
  ScheduledFuture<?> closeTimer;
}
