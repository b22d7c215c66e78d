package dev.switchboard.cli.load;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in nanoseconds, in microseconds. Immutable.
 *
 * @param count how many latencies were recorded
 */
public record Latency(long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {

  public static Latency of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Latency(nanos.getTotalCount(),
        micros(nanos.getValueAtPercentile(50)),
        micros(nanos.getValueAtPercentile(99)),
        micros(nanos.getValueAtPercentile(99.9)),
        micros(nanos.getMaxValue()));
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }
}
