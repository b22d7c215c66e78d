package dev.switchboard.bench;

/**
 * The JVM options of every benchmark fork, in one place. Constants only.
 *
 * <ul>
 *   <li>A fixed 1 GiB heap, so runs are comparable across machines with different memory.
 *   <li>JMH's workers are {@link EventLoopThreads}, with Netty's thread-local allocator caches
 *       on, as on an event loop.
 *   <li>Netty's leak detector off. Its default (simple) level tracks a sample of buffers, which
 *       costs Netty time and allocation that a codec comparison should not charge it.
 * </ul>
 */
final class ForkOptions {

  private ForkOptions() {}

  static final String HEAP_MIN = "-Xms1g";
  static final String HEAP_MAX = "-Xmx1g";
  static final String EXECUTOR = "-Djmh.executor=CUSTOM";
  static final String EXECUTOR_CLASS = "-Djmh.executor.class=dev.switchboard.bench.EventLoopThreads";
  static final String NETTY_CACHES = "-Dio.netty.allocator.useCachedMagazinesForNonEventLoopThreads=true";
  static final String NETTY_NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";
}
