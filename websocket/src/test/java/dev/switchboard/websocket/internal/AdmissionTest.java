package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.ServerLimits;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admission decisions on a manual clock: the token bucket refills, counts are released. */
class AdmissionTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final InetAddress a = InetAddress.getLoopbackAddress();

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void theBucketAllowsABurstThenOneHandshakePerIntervalAndSaysHowLongToWait() {
    // 2 per second: one token every 500 ms, 3 at once.
    Admission adm = new Admission(ServerLimits.DEFAULT.withHandshakesPerSecondPerIp(2).withHandshakeBurstPerIp(3),
        now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(adm.admit(a)).as("burst %d", i).isNull();
    }
    Admission.Refusal r = adm.admit(a);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.retryAfterSeconds()).isEqualTo(1); // 500 ms, rounded up
    now.addAndGet(499_000_000L);
    assertThat(adm.admit(a)).as("just before the token").isNotNull();
    now.addAndGet(1_000_000L);
    assertThat(adm.admit(a)).as("one token after 500 ms").isNull();
    assertThat(adm.admit(a)).isNotNull();
    now.addAndGet(10_000_000_000L);
    assertThat(adm.admit(a)).isNull();
    assertThat(adm.admit(a)).isNull();
    assertThat(adm.admit(a)).as("a full bucket again, not more").isNull();
    assertThat(adm.admit(a)).isNotNull();
  }

  @Test
  void sweepForgetsAddressesWhoseBucketIsFullAgain() throws Exception {
    Admission adm = new Admission(ServerLimits.DEFAULT.withHandshakesPerSecondPerIp(1), now::get);
    adm.admit(ip("10.0.0.1"));
    adm.admit(ip("10.0.0.2"));
    adm.sweep();
    assertThat(adm.trackedAddresses()).isEqualTo(2);
    now.addAndGet(1_000_000_000L);
    adm.sweep();
    assertThat(adm.trackedAddresses()).isZero();
  }

  @Test
  void connectionCountsAreGlobalAndPerAddressAndReleasedOnClose() throws Exception {
    Admission adm = new Admission(ServerLimits.DEFAULT.withMaxConnections(3).withMaxConnectionsPerIp(2), now::get);
    InetAddress b = ip("10.0.0.9");
    assertThat(adm.admit(a)).isNull();
    assertThat(adm.admit(a)).isNull();
    Admission.Refusal perIp = adm.admit(a);
    assertThat(perIp.status()).isEqualTo(503);
    assertThat(perIp.message()).contains("already has 2 connections");
    assertThat(adm.admit(b)).isNull();
    Admission.Refusal global = adm.admit(b);
    assertThat(global.status()).isEqualTo(503);
    assertThat(global.retryAfterSeconds()).isEqualTo(5);
    assertThat(global.message()).contains("limit of 3 connections");
    assertThat(adm.connections()).isEqualTo(3);
    adm.release(a);
    assertThat(adm.admit(a)).isNull();
    assertThat(adm.connections()).isEqualTo(3);
  }
}
