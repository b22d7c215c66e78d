package dev.switchboard.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Latency percentiles and the loop counts they come from. */
class StatsTest {

  @Test
  void percentilesAreReportedInMicroseconds() {
    LoopStats s = new LoopStats();
    s.startMeasuring();
    for (int us = 1; us <= 1000; us++) {
      s.latency(us * 1000L);
    }
    Latency l = Latency.of(s.snapshot().latency());
    assertThat(l.count()).isEqualTo(1000);
    // HdrHistogram at 3 significant digits: within 0.1 %.
    assertThat(l.p50Micros()).isCloseTo(500, within(1.0));
    assertThat(l.p99Micros()).isCloseTo(990, within(1.0));
    assertThat(l.p999Micros()).isCloseTo(999, within(1.0));
    assertThat(l.maxMicros()).isCloseTo(1000, within(1.0));
  }

  @Test
  void anEmptyHistogramHasNoPercentiles() {
    Latency l = Latency.of(new LoopStats().snapshot().latency());
    assertThat(l.count()).isZero();
    assertThat(l.p99Micros()).isNaN();
  }

  @Test
  void onlyTheMeasuredIntervalCountsButLossAndCorruptionAlwaysDo() {
    LoopStats s = new LoopStats();
    s.message(10);
    s.latency(5);
    s.corrupt();
    s.startMeasuring();
    s.message(32);
    s.latency(Long.MAX_VALUE); // clamped, not thrown
    s.missing(2);
    s.stopMeasuring();
    s.message(10);
    LoopStats.Snapshot snap = s.snapshot();
    assertThat(snap.messages()).isEqualTo(1);
    assertThat(snap.payloadBytes()).isEqualTo(32);
    assertThat(snap.latency().getTotalCount()).isEqualTo(1);
    assertThat(snap.corrupt()).isEqualTo(1);
    assertThat(snap.missing()).isEqualTo(2);
    LoopStats.Snapshot sum = snap.plus(snap);
    assertThat(sum.messages()).isEqualTo(2);
    assertThat(sum.latency().getTotalCount()).isEqualTo(2);
    assertThat(snap.messages()).isEqualTo(1); // unchanged
  }

  @Test
  void reportsPrintJsonWithNullForMissingFigures() {
    Report r = new Report().put("mode", "echo \"x\"").put("n", 3L).put("p99", Double.NaN).put("rate", 1.5);
    assertThat(r.toJson()).isEqualTo("{\"mode\":\"echo \\\"x\\\"\",\"n\":3,\"p99\":null,\"rate\":1.500}");
  }

  @Test
  void theHandshakeResponseMustAcceptOurKey() {
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    assertThat(LoadConnection.checkResponse(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", key))
        .isNull();
    assertThat(LoadConnection.checkResponse("HTTP/1.1 404 Not Found\r\nContent-Length: 0", key))
        .contains("refused the upgrade: HTTP/1.1 404 Not Found");
    assertThat(LoadConnection.checkResponse("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: nope", key))
        .contains("wrong Sec-WebSocket-Accept");
    assertThat(LoadConnection.checkResponse("HTTP/1.1 101 OK", key)).contains("no Sec-WebSocket-Accept");
  }
}
