package dev.switchboard.websocket.internal;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Netty's adaptive receive-buffer sizing with one handle per event-loop thread instead of one per
 * channel (a handle is 112 bytes that an idle connection would keep). It is safe where reads are
 * synchronous (epoll, NIO): a loop reads one channel at a time, from {@code reset} to {@code
 * readComplete}, and the handle is reset at the start of every read. Not for io_uring, whose reads
 * are in flight for several channels at once. The one difference from a handle per channel: the
 * buffer-size guess is learnt per loop, from all its channels' reads, not per connection. Off an
 * event loop (never, for a channel's reads) it hands out a handle of its own. Thread-safe.
 */
final class LoopSharedReceiveAllocator implements RecvByteBufAllocator {

  static final LoopSharedReceiveAllocator INSTANCE = new LoopSharedReceiveAllocator();

  private final AdaptiveRecvByteBufAllocator sizing = Transports.receiveSizing();
  private final FastThreadLocal<Handle> perLoop = new FastThreadLocal<>() {
    @Override
    protected Handle initialValue() {
      return sizing.newHandle();
    }
  };

  private LoopSharedReceiveAllocator() {}

  @Override
  public Handle newHandle() {
    return Thread.currentThread() instanceof FastThreadLocalThread ? perLoop.get() : sizing.newHandle();
  }
}
