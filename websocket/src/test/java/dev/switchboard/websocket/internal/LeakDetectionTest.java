package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves that the leak check the other tests rely on actually catches a leak. */
@ExtendWith(FailOnLeaks.class)
class LeakDetectionTest {

  @Test
  void anUnreleasedBufferIsReportedAsALeak() {
    leakOneBuffer();
    assertThat(FailOnLeaks.collect())
        .as("the leak check must see a buffer that was dropped without release()")
        .anySatisfy(leak -> assertThat(leak).contains("ByteBuf").contains("leakOneBuffer"));
  }

  @Test
  void aReleasedBufferIsNotReported() {
    ByteBufAllocator.DEFAULT.buffer(16).writeLong(42).release();
    assertThat(FailOnLeaks.collect()).isEmpty();
  }

  private static void leakOneBuffer() {
    ByteBufAllocator.DEFAULT.buffer(16).writeLong(42).touch("leakOneBuffer");
  }
}
