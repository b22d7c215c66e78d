package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/hub.md's limits table is {@link HubLimits#catalog()}, and limits are validated. */
class HubLimitsDocTest {
  @Test
  void docsListEveryLimitWithItsDefault() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "hub.md"));
    StringBuilder table = new StringBuilder("| limit | default | when exceeded |\n|---|---|---|\n");
    for (HubLimits.Entry e : HubLimits.catalog()) {
      table.append("| `").append(e.name()).append("` | ").append(e.defaultValue()).append(" | ")
          .append(e.consequence()).append(" |\n");
    }
    assertThat(doc).contains(table.toString());
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> HubLimits.DEFAULT.withReplayMaxMessages(0))
        .hasMessageContaining("replayMaxMessages must be positive");
    assertThatThrownBy(() -> HubLimits.DEFAULT.withRecoveryWindow(Duration.ZERO))
        .hasMessageContaining("recoveryWindow");
    assertThat(HubLimits.DEFAULT.withMaxPageSize(50).maxPageSize()).isEqualTo(50);
  }
}
