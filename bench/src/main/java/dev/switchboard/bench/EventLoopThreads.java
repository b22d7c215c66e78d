package dev.switchboard.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads, made the kind of thread a Netty event loop runs on. Thread-safe.
 *
 * <p>Netty's allocator takes its fast, thread-local path only on a {@code FastThreadLocalThread}
 * (with {@code -Dio.netty.allocator.useCachedMagazinesForNonEventLoopThreads=true} for one that
 * is not an event loop); on JMH's plain threads it would lock a shared magazine for every buffer
 * and we would be measuring Netty off its home ground. Every benchmark forks with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=} this class (see {@link ForkOptions}). Our
 * codec does not care which thread it runs on.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {

  /** The constructor JMH's CUSTOM executor type calls. */
  public EventLoopThreads(int maxThreads, String prefix) {
    super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
        new DefaultThreadFactory(prefix, true));
  }
}
