package dev.switchboard.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released. Leak
 * detection runs at {@code PARANOID} (every buffer tracked); after each test the garbage collector
 * runs and the detector is made to look at what it collected, and after each class once more for
 * buffers that the test instance itself kept reachable until then.
 */
public final class FailOnLeaks implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final String PROPERTY = "io.netty.customResourceLeakDetector";

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    if (System.getProperty(PROPERTY) == null) {
      ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new LeakRecordingDetector.Factory());
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ByteBufAllocator.DEFAULT.buffer(1).release(); // loads the buffer classes, creating their detector
    if (!LeakRecordingDetector.tracks(ByteBuf.class)) {
      throw new IllegalStateException("ByteBuf leaks are not recorded: run with -D" + PROPERTY + "="
          + LeakRecordingDetector.class.getName() + " (the module's surefire configuration sets it)");
    }
    check("before " + context.getDisplayName() + " (left by an earlier test class)");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check(context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check(context.getDisplayName() + " (found after the class ran)");
  }

  private static void check(String where) {
    List<String> leaks = collect();
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " Netty leak(s) reported in " + where + ":\n" + String.join("\n\n", leaks));
    }
  }

  /**
   * Runs the collector until it has processed unreachable buffers, lets the detector poll its
   * queue (it does so whenever it tracks a new buffer) and returns the leaks reported.
   */
  static List<String> collect() {
    for (int round = 0; round < 2; round++) {
      awaitCollection();
      ByteBufAllocator.DEFAULT.buffer(1).release();
      PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
      UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
    }
    return LeakRecordingDetector.drain();
  }

  private static void awaitCollection() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    System.gc();
    try {
      // Blocks until the reference handler has processed this collection; not a timing guess.
      if (queue.remove(10_000) == null) {
        throw new AssertionError("the garbage collector did not run within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    sentinel.clear();
  }
}
