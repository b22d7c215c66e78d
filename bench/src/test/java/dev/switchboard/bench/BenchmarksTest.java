package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Proves that every benchmark measures a working path: for each benchmark class and each
 * combination of its {@link Param}s, every {@link Benchmark} method runs twice (the second run
 * shows the inputs are restored between operations) and all methods of the scenario must produce
 * the same trace: the same decoded events, the same encoded bytes, the same masked bytes, the same
 * UTF-8 verdict. Nothing here is timed; timing is JMH's job (docs/benchmarks.md).
 */
class BenchmarksTest {

  private static final List<Class<?>> BENCHMARKS = List.of(
      DecodeBenchmark.class, DecodeBatchBenchmark.class, EncodeBenchmark.class,
      MaskingBenchmark.class, Utf8Benchmark.class);

  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  static Stream<Arguments> scenarios() {
    List<Arguments> all = new ArrayList<>();
    for (Class<?> type : BENCHMARKS) {
      for (Map<String, String> params : combinations(type)) {
        all.add(Arguments.of(type.getSimpleName() + params, type, params));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyBenchmarkMethodOfAScenarioProducesTheSameTrace(String name, Class<?> type, Map<String, String> params)
      throws Exception {
    Map<String, List<String>> traces = new LinkedHashMap<>();
    for (Method method : type.getMethods()) {
      if (method.isAnnotationPresent(Benchmark.class)) {
        traces.put(method.getName(), runTwice(type, params, method));
      }
    }
    assertThat(traces).hasSizeGreaterThanOrEqualTo(2);
    List<String> reference = traces.values().iterator().next();
    assertThat(reference).as("%s records something on each run", name).hasSizeGreaterThanOrEqualTo(2);
    traces.forEach((method, trace) -> assertThat(trace).as("%s.%s", name, method).isEqualTo(reference));
  }

  /**
   * The decode harness restores its input before each decode exactly when a decode changes it:
   * frames with a payload (unmasked in place), not empty ones; the same answer for both sides.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("decodeInputs")
  void decodeInputsAreRestoredExactlyWhenADecodeChangesThem(String name, byte[] input, boolean changes) {
    assertThat(DecodeSides.decodeChangesInput(input)).isEqualTo(changes);
    DecodeSides sides = new DecodeSides(input, dev.switchboard.protocol.Opcode.BINARY, null);
    try {
      assertThat(sides.restores()).isEqualTo(changes);
    } finally {
      sides.close();
    }
  }

  static Stream<Arguments> decodeInputs() {
    List<Arguments> all = new ArrayList<>();
    for (dev.switchboard.protocol.Opcode type : List.of(dev.switchboard.protocol.Opcode.TEXT, dev.switchboard.protocol.Opcode.BINARY)) {
      for (int size : new int[] {0, 1, 125, 65536}) {
        all.add(Arguments.of(type + " " + size + " B", Inputs.clientFrame(type, Inputs.payload(type, size)), size > 0));
      }
    }
    return all.stream();
  }

  private static List<String> runTwice(Class<?> type, Map<String, String> params, Method benchmark) throws Exception {
    Object state = type.getConstructor().newInstance();
    for (Map.Entry<String, String> p : params.entrySet()) {
      Field f = type.getField(p.getKey());
      f.set(state, convert(f.getType(), p.getValue()));
    }
    Trace trace = new Trace();
    type.getField("trace").set(state, trace);
    invokeAnnotated(state, Setup.class);
    try {
      benchmark.invoke(state, BLACKHOLE);
      benchmark.invoke(state, BLACKHOLE);
    } catch (InvocationTargetException e) {
      throw new AssertionError(type.getSimpleName() + "." + benchmark.getName() + params + " failed", e.getCause());
    } finally {
      invokeAnnotated(state, TearDown.class);
    }
    return trace.events();
  }

  private static void invokeAnnotated(Object state, Class<? extends java.lang.annotation.Annotation> annotation)
      throws Exception {
    for (Method m : state.getClass().getMethods()) {
      if (m.isAnnotationPresent(annotation)) {
        m.invoke(state);
      }
    }
  }

  /** Every combination of the class's {@link Param} values, as JMH would run them. */
  private static List<Map<String, String>> combinations(Class<?> type) {
    List<Map<String, String>> result = new ArrayList<>();
    result.add(new LinkedHashMap<>());
    for (Field f : type.getFields()) {
      Param param = f.getAnnotation(Param.class);
      if (param == null) {
        continue;
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : result) {
        for (String value : param.value()) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(f.getName(), value);
          next.add(m);
        }
      }
      result = next;
    }
    return result;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(Class<?> type, String value) {
    if (type == int.class) {
      return Integer.parseInt(value);
    }
    if (type.isEnum()) {
      return Enum.valueOf((Class<? extends Enum>) type, value);
    }
    return value;
  }
}
