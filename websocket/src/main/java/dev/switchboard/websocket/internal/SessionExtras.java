package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.websocket.CloseEvent;
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

  /** The terminal event, once TCP is closed, given whether close frames went out and came in. */
  CloseEvent closeEvent(boolean closeSent, boolean closeReceived) {
    if (closeReceived) {
      return new CloseEvent(receivedCode, receivedReason, closeSent, remoteInitiated, failure);
    }
    if (failedWithClose) {
      // We failed the connection and our close frame said why (RFC 6455 §7.1.7): report that code.
      return new CloseEvent(sentCode, sentReason, false, false, failure);
    }
    // No close frame came back, even if ours went out (a close timeout, TCP lost): 1006 (§7.1.5).
    return new CloseEvent(CloseCode.ABNORMAL_CLOSURE.code(), "", false, !closeSent && !aborted, failure);
  }
}
