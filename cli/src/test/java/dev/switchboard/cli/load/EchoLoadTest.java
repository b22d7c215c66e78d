package dev.switchboard.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How echo and broadcast modes count what arrives: loss, duplicates, corruption. No network. */
class EchoLoadTest {

  private final Payloads payloads = new Payloads(32, 40, false, 0x55aa55aa);
  private final LoadOptions options = new LoadOptions(URI.create("ws://127.0.0.1:1/echo"), 3, 1,
      Duration.ZERO, Duration.ofSeconds(1), null, Duration.ofSeconds(1), false);

  private LoadConnection connection(LoadConnection.Listener listener) {
    LoadConnection c = new LoadConnection("h", "/echo", payloads, listener);
    c.stats = new LoopStats();
    c.stats.startMeasuring();
    return c;
  }

  private void deliver(LoadConnection.Listener l, LoadConnection c, byte[] payload) {
    Payloads.Check check = payloads.newCheck();
    boolean intact = PayloadsTest.check(check, payload);
    l.onMessage(c, check, intact);
  }

  @Test
  void echoCountsAGapAsMissingAndADuplicateAsCorrupt() {
    EchoLoad echo = new EchoLoad(options, 4, payloads);
    LoadConnection c = connection(echo);
    c.nextSendSeq = 4;
    deliver(echo, c, PayloadsTest.payload(payloads, 0, System.nanoTime()));
    deliver(echo, c, PayloadsTest.payload(payloads, 2, System.nanoTime())); // 1 lost
    deliver(echo, c, PayloadsTest.payload(payloads, 1, System.nanoTime())); // late: out of order
    LoopStats.Snapshot s = c.stats.snapshot();
    assertThat(s.messages()).isEqualTo(2);
    assertThat(s.missing()).isEqualTo(1);
    assertThat(s.corrupt()).isEqualTo(1);
    assertThat(s.latency().getTotalCount()).isEqualTo(2);
    assertThat(c.inFlight()).isEqualTo(1); // 3 still to come
    assertThat(c.owed).isEqualTo(3); // every reply asks for the next message
  }

  @Test
  void echoCountsACorruptPayloadAndANumberNeverSent() {
    EchoLoad echo = new EchoLoad(options, 1, payloads);
    LoadConnection c = connection(echo);
    c.nextSendSeq = 1;
    byte[] bad = PayloadsTest.payload(payloads, 0, 1);
    bad[bad.length - 1] = 'Z';
    deliver(echo, c, bad);
    deliver(echo, c, PayloadsTest.payload(payloads, 9, 1)); // never sent
    assertThat(c.stats.snapshot().corrupt()).isEqualTo(2);
    assertThat(c.stats.snapshot().messages()).isZero();
  }

  @Test
  void broadcastCompletesAMessageAtItsLastSubscriberAndCountsLoss() {
    BroadcastLoad b = new BroadcastLoad(options, 0, 4, payloads); // 3 subscribers
    LoadConnection s1 = connection(b);
    LoadConnection s2 = connection(b);
    LoadConnection s3 = connection(b);
    for (LoadConnection s : new LoadConnection[] {s1, s2, s3}) {
      deliver(b, s, PayloadsTest.payload(payloads, 0, System.nanoTime()));
    }
    // Only the third arrival completes message 0: one latency, on the last subscriber's loop.
    assertThat(s1.stats.snapshot().latency().getTotalCount()).isZero();
    assertThat(s3.stats.snapshot().latency().getTotalCount()).isEqualTo(1);
    deliver(b, s1, PayloadsTest.payload(payloads, 2, System.nanoTime())); // 1 lost for s1
    deliver(b, s1, PayloadsTest.payload(payloads, 2, System.nanoTime())); // duplicate
    assertThat(s1.stats.snapshot().missing()).isEqualTo(1);
    assertThat(s1.stats.snapshot().corrupt()).isEqualTo(1);
    assertThat(s1.stats.snapshot().messages()).isEqualTo(2);
  }

  @Test
  void badModeArgumentsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new EchoLoad(options, 0, payloads)).hasMessageContaining("--window must be at least 1");
    assertThatThrownBy(() -> new BroadcastLoad(options, -1, 1, payloads)).hasMessageContaining("--rate");
    assertThatThrownBy(() -> new BroadcastLoad(options, 0, 0, payloads)).hasMessageContaining("--window");
    assertThatThrownBy(() -> new IdleLoad(options, 300, false)).hasMessageContaining("--source-addresses");
    assertThatThrownBy(() -> new LoadOptions(URI.create("ws://h:1/"), 0, 1, Duration.ZERO, Duration.ofSeconds(1), null,
        Duration.ofSeconds(1), false)).hasMessageContaining("--connections must be at least 1");
    assertThatThrownBy(() -> new LoadOptions(URI.create("ws://h:1/"), 1, 1, Duration.ZERO, Duration.ZERO, null,
        Duration.ofSeconds(1), false)).hasMessageContaining("--duration must be positive");
    assertThatThrownBy(() -> new LoadClient(URI.create("http://h:1/"), 1, false)).hasMessageContaining("ws://HOST:PORT/PATH");
  }
}
