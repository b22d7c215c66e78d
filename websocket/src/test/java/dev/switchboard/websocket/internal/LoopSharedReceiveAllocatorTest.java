package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link LoopSharedReceiveAllocator}: one handle per event-loop thread, a new one elsewhere. */
class LoopSharedReceiveAllocatorTest {

  @Test
  void channelsOfOneEventLoopShareOneHandleAndLoopsDoNot() throws Exception {
    RecvByteBufAllocator.Handle[] first = onLoopThread();
    RecvByteBufAllocator.Handle[] second = onLoopThread();
    assertThat(first[0]).isSameAs(first[1]).isInstanceOf(RecvByteBufAllocator.ExtendedHandle.class);
    assertThat(second[0]).isSameAs(second[1]).isNotSameAs(first[0]);
  }

  @Test
  void offAnEventLoopEachCallGetsItsOwnHandle() {
    assertThat(LoopSharedReceiveAllocator.INSTANCE.newHandle())
        .isNotSameAs(LoopSharedReceiveAllocator.INSTANCE.newHandle());
  }

  private static RecvByteBufAllocator.Handle[] onLoopThread() throws Exception {
    CompletableFuture<RecvByteBufAllocator.Handle[]> handles = new CompletableFuture<>();
    new FastThreadLocalThread(() -> handles.complete(new RecvByteBufAllocator.Handle[] {
        LoopSharedReceiveAllocator.INSTANCE.newHandle(), LoopSharedReceiveAllocator.INSTANCE.newHandle()})).start();
    return handles.get(5, TimeUnit.SECONDS);
  }
}
