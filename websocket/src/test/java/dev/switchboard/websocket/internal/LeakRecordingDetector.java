package dev.switchboard.websocket.internal;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Netty leak detector that remembers every leak it reports, so that {@link FailOnLeaks} can fail
 * the test that caused it instead of leaving a log line nobody reads. Installed for the whole test
 * JVM through {@code io.netty.customResourceLeakDetector} (see the module's pom), or by {@link
 * FailOnLeaks} before any buffer class is loaded. Thread-safe.
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {

  private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
  private static final Set<String> TRACKED_TYPES = ConcurrentHashMap.newKeySet();

  public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    TRACKED_TYPES.add(resourceType.getName());
  }

  /** The constructor Netty's default factory looks for first. */
  @SuppressWarnings("deprecation")
  public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval, maxActive);
    TRACKED_TYPES.add(resourceType.getName());
  }

  /** Whether resources of {@code type} are tracked by this detector rather than Netty's own. */
  static boolean tracks(Class<?> type) {
    return TRACKED_TYPES.contains(type.getName());
  }

  /** The leaks reported since the last call, emptied. */
  static List<String> drain() {
    List<String> out = new ArrayList<>();
    String leak;
    while ((leak = LEAKS.poll()) != null) {
      out.add(leak);
    }
    return out;
  }

  @Override
  protected boolean needReport() {
    return true; // report even when Netty's logger is quiet: the test decides, not the log level
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(resourceType + " leaked:" + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(resourceType + " leaked (no access records)");
    super.reportUntracedLeak(resourceType);
  }

  /** Makes detectors of this class; for JVMs started without the system property. */
  static final class Factory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation") // the one abstract method Netty asks factories to implement
    public <R> ResourceLeakDetector<R> newResourceLeakDetector(Class<R> resource, int samplingInterval, long maxActive) {
      return new LeakRecordingDetector<>(resource, samplingInterval);
    }
  }
}
