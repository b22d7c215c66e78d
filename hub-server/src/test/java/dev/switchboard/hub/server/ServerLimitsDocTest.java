package dev.switchboard.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.HubLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/hub.md's server limits table is {@link HubServerConfig#limitsCatalog()}, and the limits are validated. */
class ServerLimitsDocTest {

  @Test
  void docsListEveryServerLimitWithItsDefault() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "hub.md"));
    StringBuilder table = new StringBuilder("| limit | default | when exceeded |\n|---|---|---|\n");
    for (HubLimits.Entry e : HubServerConfig.limitsCatalog()) {
      table.append("| `").append(e.name()).append("` | ").append(e.defaultValue()).append(" | ")
          .append(e.consequence()).append(" |\n");
    }
    assertThat(doc).contains(table.toString());
  }

  @Test
  void maxBufferedBytesHasADefaultAndAFloor() {
    assertThat(HubServerConfig.defaults().maxBufferedBytes()).isEqualTo(16L << 20);
    assertThat(HubServerConfig.defaults().withMaxBufferedBytes(4096).maxBufferedBytes()).isEqualTo(4096);
    assertThatThrownBy(() -> HubServerConfig.defaults().withMaxBufferedBytes(100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBufferedBytes must be at least 1024");
  }
}
