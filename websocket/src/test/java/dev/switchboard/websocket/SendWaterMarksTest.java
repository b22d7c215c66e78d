package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Limits#sendHighWaterBytes()} and {@link Limits#sendLowWaterBytes()}: defaults and validation. */
class SendWaterMarksTest {

  @Test
  void defaultsAreNettysOwnMarks() {
    assertThat(Limits.DEFAULT.sendHighWaterBytes()).isEqualTo(64 * 1024);
    assertThat(Limits.DEFAULT.sendLowWaterBytes()).isEqualTo(32 * 1024);
  }

  @Test
  void bothMarksAreSetTogetherAndOtherCopiesKeepThem() {
    Limits l = Limits.DEFAULT.withSendWaterMarks(1024, 1 << 20).withMaxBufferedBytes(4096);
    assertThat(l.sendLowWaterBytes()).isEqualTo(1024);
    assertThat(l.sendHighWaterBytes()).isEqualTo(1 << 20);
    assertThat(Limits.DEFAULT.withSendWaterMarks(10, 10).sendLowWaterBytes()).as("equal marks are allowed").isEqualTo(10);
  }

  @Test
  void aLowMarkAboveTheHighOneIsRefusedSayingHowToSetBoth() {
    assertThatThrownBy(() -> Limits.DEFAULT.withSendWaterMarks(2048, 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sendLowWaterBytes must be 1 to sendHighWaterBytes (1024), was 2048")
        .hasMessageContaining("withSendWaterMarks");
  }

  @Test
  void zeroOrOversizedMarksAreRefused() {
    assertThatThrownBy(() -> Limits.DEFAULT.withSendWaterMarks(0, 1024)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Limits.DEFAULT.withSendWaterMarks(1, 0)).hasMessageContaining("sendHighWaterBytes");
    assertThatThrownBy(() -> Limits.DEFAULT.withSendWaterMarks(1, 1L << 31)).hasMessageContaining("2 GiB");
  }
}
