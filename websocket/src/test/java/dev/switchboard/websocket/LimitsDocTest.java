package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/limits.md is generated from {@link Limits#catalog()} and {@link ServerLimits#catalog()}. Regenerate it with
 * {@code ./mvnw -pl websocket test -Dtest=LimitsDocTest -Dswitchboard.updateDocs=true}.
 */
class LimitsDocTest {

  static String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Limits\n\n")
        .append("Generated from `Limits.catalog()` and `ServerLimits.catalog()` by `LimitsDocTest`; do not edit by hand.\n\n")
        .append("## Per connection (`Limits`)\n\n")
        .append("Every limit of a connection, its default, and what happens when it is exceeded.\n")
        .append("Set them with `Limits.DEFAULT.withX(...)` on `WebSocketServer.builder().limits(...)` or\n")
        .append("`WebSocketClient.builder().limits(...)` (the two send water marks together, with\n")
        .append("`withSendWaterMarks(low, high)`); a server may give one session its own with\n")
        .append("`Upgrade.accept(attachment, subprotocol, limits)`.\n\n")
        .append("| limit | default | when exceeded |\n|---|---|---|\n");
    for (Limits.Entry e : Limits.catalog()) {
      sb.append("| `").append(e.name()).append("` | ").append(e.defaultValue()).append(" | ")
          .append(e.consequence()).append(" |\n");
    }
    sb.append("\n## Per server (`ServerLimits`)\n\n")
        .append("Limits across the connections of one server. Set them with `ServerLimits.DEFAULT.withX(...)` on\n")
        .append("`WebSocketServer.builder().limits(...)`. Connections are counted from TCP accept, opening\n")
        .append("handshake included; a refused connection gets its status once its request head is read.\n\n")
        .append("| limit | default | when exceeded |\n|---|---|---|\n");
    for (Limits.Entry e : ServerLimits.catalog()) {
      sb.append("| `").append(e.name()).append("` | ").append(e.defaultValue()).append(" | ")
          .append(e.consequence()).append(" |\n");
    }
    return sb.toString();
  }

  @Test
  void docsLimitsMdMatchesTheCatalog() throws Exception {
    Path doc = Path.of("..", "docs", "limits.md");
    String expected = render();
    if (Boolean.getBoolean("switchboard.updateDocs")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(doc)).as("docs/limits.md exists (regenerate: -Dswitchboard.updateDocs=true)").isTrue();
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("docs/limits.md is stale; regenerate with -Dswitchboard.updateDocs=true")
        .isEqualTo(expected);
  }
}
