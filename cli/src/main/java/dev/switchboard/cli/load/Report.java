package dev.switchboard.cli.load;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run, in the order they were added, printed for people or as one JSON line
 * for scripts ({@code bench/run-load.sh}). Not thread-safe: built by one thread.
 */
public final class Report {

  private final Map<String, Object> values = new LinkedHashMap<>();

  /** Adds or replaces a figure: a String, a whole number or a double. */
  public Report put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  public Object get(String key) {
    return values.get(key);
  }

  public Map<String, Object> values() {
    return Map.copyOf(values);
  }

  public void printHuman(PrintStream out) {
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.printf(Locale.ROOT, "%-" + width + "s  %s%n", e.getKey(), format(e.getValue()));
    }
  }

  public String toJson() {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      if (v instanceof Double d) {
        b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
      } else if (v instanceof Number) {
        b.append(v);
      } else {
        b.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return b.append('}').toString();
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      double a = Math.abs(d);
      return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%.1f" : "%.3f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
