package dev.switchboard.cli.load;

/**
 * One measured interval: the loops' counts, the wall time and the server's CPU time between
 * {@link #start} and {@link #end}. Not thread-safe: used by the thread that runs a mode.
 */
final class Interval {

  /** What the interval measured; {@code serverCpuMicros} is -1 without a server process. */
  record Result(double seconds, LoopStats.Snapshot counts, long serverCpuMicros, long loadCpuMicros) {}

  private static final ServerProcess SELF = new ServerProcess(ProcessHandle.current().pid());

  private final LoadClient client;
  private final ServerProcess server;
  private long startNanos;
  private long startCpuMicros;
  private long startLoadCpuMicros;

  private Interval(LoadClient client, ServerProcess server) {
    this.client = client;
    this.server = server;
  }

  static Interval start(LoadClient client, ServerProcess server) {
    Interval i = new Interval(client, server);
    client.onEveryLoop(s -> {
      s.startMeasuring();
      return null;
    });
    i.startCpuMicros = server == null ? 0 : server.cpuMicros();
    i.startLoadCpuMicros = SELF.cpuMicros();
    i.startNanos = System.nanoTime();
    return i;
  }

  Result end() {
    client.onEveryLoop(s -> {
      s.stopMeasuring();
      return null;
    });
    long nanos = System.nanoTime() - startNanos;
    long cpu = server == null ? -1 : server.cpuMicros() - startCpuMicros;
    long load = SELF.cpuMicros() - startLoadCpuMicros;
    return new Result(nanos / 1e9, client.snapshot(), cpu, load);
  }

  /**
   * Adds the load tool's CPU share and the server's CPU figures for {@code units} units of work
   * (named {@code unit} and, plural, {@code unitPlural}) to {@code r}.
   */
  static void putCpu(Report r, Result m, long units, String unit, String unitPlural) {
    // Near 1.0 (one core) means the load tool itself may be the limit.
    r.put("load_tool_cpu_share", m.loadCpuMicros() / 1e6 / m.seconds());
    if (m.serverCpuMicros() < 0) {
      return;
    }
    r.put("server_cpu_ms", m.serverCpuMicros() / 1000.0);
    r.put("server_cpu_share", m.serverCpuMicros() / 1e6 / m.seconds());
    r.put("server_cpu_us_per_" + unit, units == 0 ? Double.NaN : (double) m.serverCpuMicros() / units);
    r.put(unitPlural + "_per_server_cpu_s", m.serverCpuMicros() == 0 ? Double.NaN : units / (m.serverCpuMicros() / 1e6));
  }

  static void putLatency(Report r, String prefix, Latency l) {
    r.put(prefix + "_p50_us", l.p50Micros());
    r.put(prefix + "_p99_us", l.p99Micros());
    r.put(prefix + "_p999_us", l.p999Micros());
    r.put(prefix + "_max_us", l.maxMicros());
  }

  static void sleep(java.time.Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
