package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code switchboard.io_uring.*} properties: defaults, parsing, bad values, kernel support. */
class IoUringSettingsTest {

  private static IoUringSettings parse(Map<String, String> properties) {
    return IoUringSettings.parse(name -> properties.get(name), true, true);
  }

  private static Map<String, String> props(String... nameValue) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put(IoUringSettings.PREFIX + nameValue[i], nameValue[i + 1]);
    }
    return m;
  }

  @Test
  void withoutPropertiesTheDefaults() {
    assertThat(parse(Map.of())).isEqualTo(IoUringSettings.DEFAULT);
  }

  @Test
  void everyPropertyIsRead() {
    IoUringSettings s = parse(props("ringSize", "512", "cqSize", "8192", "singleIssuer", "false",
        "bufferRing", "1024", "bufferBytes", "4096", "bufferIncremental", "true"));
    assertThat(s).isEqualTo(new IoUringSettings(512, 8192, false, 1024, 4096, true));
  }

  @Test
  void aValueThatIsNotAWholeNumberInRangeGetsTheDefault() {
    IoUringSettings s = parse(props("ringSize", "lots", "cqSize", "-1", "bufferRing", "65536", "bufferBytes", "1.5"));
    assertThat(s.ringSize()).isEqualTo(IoUringSettings.DEFAULT.ringSize());
    assertThat(s.cqSize()).isEqualTo(IoUringSettings.DEFAULT.cqSize());
    assertThat(s.bufferRing()).isEqualTo(IoUringSettings.DEFAULT.bufferRing());
    assertThat(s.bufferBytes()).isEqualTo(IoUringSettings.DEFAULT.bufferBytes());
  }

  @Test
  void aBooleanThatIsNeitherTrueNorFalseGetsTheDefault() {
    assertThat(parse(props("singleIssuer", "yes")).singleIssuer()).isTrue();
    assertThat(parse(props("singleIssuer", " FALSE ")).singleIssuer()).isFalse();
  }

  @Test
  void theCompletionQueueIsNeverSmallerThanTheRing() {
    assertThat(parse(props("ringSize", "8192")).cqSize()).isEqualTo(8192);
    assertThat(parse(props("ringSize", "1024", "cqSize", "256")).cqSize()).isEqualTo(1024);
  }

  @Test
  void aBufferRingThatIsNotAPowerOfTwoIsRoundedDown() {
    assertThat(parse(props("bufferRing", "1000")).bufferRing()).isEqualTo(512);
  }

  @Test
  void whatTheKernelCannotDoIsTurnedOffInsteadOfFailingTheServer() {
    Map<String, String> p = props("bufferRing", "256", "bufferIncremental", "true");
    IoUringSettings noRings = IoUringSettings.parse(p::get, false, false);
    assertThat(noRings.bufferRing()).isZero();
    IoUringSettings noIncremental = IoUringSettings.parse(p::get, true, false);
    assertThat(noIncremental.bufferRing()).isEqualTo(256);
    assertThat(noIncremental.bufferIncremental()).isFalse();
  }

  @Test
  void nettysConfigurationCarriesTheSettings() {
    IoUringIoHandlerConfig plain = IoUringSettings.DEFAULT.handlerConfig();
    assertThat(plain.getRingSize()).isEqualTo(128);
    assertThat(plain.getCqSize()).isEqualTo(4096);
    assertThat(IoUringSettings.DEFAULT.hasBufferRing()).isFalse(); // (Netty's getter throws when there is none)

    IoUringIoHandlerConfig ringed = new IoUringSettings(512, 4096, true, 256, 2048, false).handlerConfig();
    assertThat(ringed.getRingSize()).isEqualTo(512);
    assertThat(ringed.getBufferRingConfigs()).hasSize(1);
    IoUringBufferRingConfig ring = ringed.getBufferRingConfigs().get(0);
    assertThat(ring.bufferGroupId()).isEqualTo(IoUringSettings.BUFFER_GROUP);
    assertThat(ring.bufferRingSize()).isEqualTo((short) 256);
    assertThat(ring.isIncremental()).isFalse();
  }
}
