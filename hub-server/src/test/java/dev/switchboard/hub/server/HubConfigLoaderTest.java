package dev.switchboard.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.server.upstream.EventHandler;
import dev.switchboard.hub.server.upstream.SystemEvent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config from YAML/JSON files and environment variables, with errors naming the key. */
class HubConfigLoaderTest {

  static final String KEY = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  @Test
  void yamlFileSetsEveryKey() throws Exception {
    Path f = dir.resolve("hub.yaml");
    Files.writeString(f, """
        host: 0.0.0.0
        port: 9090
        accessKeys: [ "%s", "%s-2" ]
        publicEndpoint: https://hub.example.com/
        limits: { maxHttpBodyBytes: 2MiB, maxMessageBytes: 65536, handshakeTimeoutSeconds: 12, maxBufferedBytes: 4MiB }
        tls: { certificateChain: cert.pem, privateKey: key.pem }
        hubs:
          Chat:
            anonymousConnectPolicy: allow
            keepAliveIntervalSeconds: 5
            eventHandlers:
              - urlTemplate: http://127.0.0.1:3000/api/webpubsub/hubs/{hub}/{event}
                userEventPattern: "*"
                systemEvents: [connect, connected, disconnected]
          quiet: {}
        """.formatted(KEY, KEY));
    HubServerConfig c = HubConfigLoader.applyFile(f, HubServerConfig.defaults());
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.accessKeys()).containsExactly(KEY, KEY + "-2");
    assertThat(c.publicEndpoint()).isEqualTo(URI.create("https://hub.example.com"));
    assertThat(c.maxHttpBodyBytes()).isEqualTo(2L << 20);
    assertThat(c.maxMessageBytes()).isEqualTo(65536);
    assertThat(c.maxBufferedBytes()).isEqualTo(4L << 20);
    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(c.tlsCertificate()).isEqualTo(dir.resolve("cert.pem"));
    HubSettings chat = c.hub("CHAT");
    assertThat(chat.allowAnonymous()).isTrue();
    assertThat(chat.keepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(chat.eventHandlers()).containsExactly(EventHandler.of("http://127.0.0.1:3000/api/webpubsub/hubs/{hub}/{event}",
        SystemEvent.CONNECT, SystemEvent.CONNECTED, SystemEvent.DISCONNECTED));
    assertThat(c.hub("quiet")).isEqualTo(HubSettings.DEFAULT);
    assertThat(c.hub("undeclared")).isEqualTo(HubSettings.DEFAULT);
  }

  @Test
  void jsonFileWorksToo() throws Exception {
    Path f = dir.resolve("hub.json");
    Files.writeString(f, "{\"port\": 0, \"hubs\": {\"h\": {\"anonymousConnectPolicy\": \"allow\"}}}");
    HubServerConfig c = HubConfigLoader.applyFile(f, HubServerConfig.defaults());
    assertThat(c.port()).isZero();
    assertThat(c.hub("h").allowAnonymous()).isTrue();
  }

  @Test
  void unknownKeysAndBadValuesNameTheKeyAndTheFile() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "prot: 1\n");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(f, HubServerConfig.defaults()))
        .hasMessageContaining("bad.yaml").hasMessageContaining("unknown key 'prot'").hasMessageContaining("port");
    Files.writeString(f, "hubs: { chat: { keepAliveIntervalSeconds: 500 } }\n");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(f, HubServerConfig.defaults()))
        .hasMessageContaining("hubs.chat").hasMessageContaining("keepAliveIntervalSeconds must be 1 to 120");
    Files.writeString(f, "hubs: { chat: { eventHandlers: [ { urlTemplate: ftp://x } ] } }\n");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(f, HubServerConfig.defaults()))
        .hasMessageContaining("hubs.chat.eventHandlers[0]").hasMessageContaining("http(s)");
    Files.writeString(f, "hubs: { chat: { eventHandlers: [ { urlTemplate: 'http://x/', systemEvents: [connecting] } ] } }\n");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(f, HubServerConfig.defaults()))
        .hasMessageContaining("connecting");
    Files.writeString(f, "port: [1\n");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(f, HubServerConfig.defaults()))
        .hasMessageContaining("not valid YAML");
    Files.writeString(f, "limits: { maxMessageBytes: lots }\n");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(f, HubServerConfig.defaults()))
        .hasMessageContaining("limits.maxMessageBytes");
    assertThatThrownBy(() -> HubConfigLoader.applyFile(dir.resolve("missing.yaml"), HubServerConfig.defaults()))
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void environmentOverridesTheFile() {
    HubServerConfig base = HubServerConfig.defaults().withPort(1).withAccessKeys(List.of(KEY));
    HubServerConfig c = HubConfigLoader.applyEnvironment(Map.of(
        "SWITCHBOARD_HUB_PORT", "7000",
        "SWITCHBOARD_HUB_HOST", "::1",
        "SWITCHBOARD_HUB_SECONDARY_ACCESS_KEY", KEY + "-b",
        "SWITCHBOARD_HUB_PUBLIC_ENDPOINT", "http://localhost:7000",
        "SWITCHBOARD_HUB_MAX_MESSAGE_BYTES", "64KiB",
        "SWITCHBOARD_HUB_MAX_BUFFERED_BYTES", "256KiB",
        "SWITCHBOARD_HUB_HUBS", "{\"chat\":{\"anonymousConnectPolicy\":\"allow\"}}",
        "UNRELATED", "x"), base);
    assertThat(c.port()).isEqualTo(7000);
    assertThat(c.host()).isEqualTo("::1");
    assertThat(c.accessKeys()).containsExactly(KEY, KEY + "-b");
    assertThat(c.publicEndpoint()).isEqualTo(URI.create("http://localhost:7000"));
    assertThat(c.maxMessageBytes()).isEqualTo(64 * 1024);
    assertThat(c.maxBufferedBytes()).isEqualTo(256 * 1024);
    assertThat(c.hub("chat").allowAnonymous()).isTrue();
    assertThat(HubConfigLoader.applyEnvironment(Map.of(), base)).isEqualTo(base);
  }

  @Test
  void badEnvironmentValuesNameTheVariable() {
    assertThatThrownBy(() -> HubConfigLoader.applyEnvironment(Map.of("SWITCHBOARD_HUB_PORT", "eighty"), HubServerConfig.defaults()))
        .hasMessageContaining("SWITCHBOARD_HUB_PORT");
    assertThatThrownBy(() -> HubConfigLoader.applyEnvironment(Map.of("SWITCHBOARD_HUB_TLS_CERT", "c.pem"), HubServerConfig.defaults()))
        .hasMessageContaining("SWITCHBOARD_HUB_TLS_KEY");
    assertThatThrownBy(() -> HubConfigLoader.applyEnvironment(Map.of("SWITCHBOARD_HUB_HUBS", "{\"1x\":{}}"), HubServerConfig.defaults()))
        .hasMessageContaining("SWITCHBOARD_HUB_HUBS.1x");
  }

  @Test
  void allowUndeclaredHubsComesFromTheFileOrTheEnvironment() {
    HubServerConfig base = HubServerConfig.defaults();
    assertThat(base.allowUndeclaredHubs()).isTrue();
    HubServerConfig off = HubConfigLoader.applyText("allowUndeclaredHubs: false\nhubs: { chat: {} }\n", true, base);
    assertThat(off.allowUndeclaredHubs()).isFalse();
    assertThat(off.isHubAllowed("Chat")).isTrue();
    assertThat(off.isHubAllowed("other")).isFalse();
    assertThat(HubConfigLoader.applyEnvironment(Map.of("SWITCHBOARD_HUB_ALLOW_UNDECLARED_HUBS", "true"), off)
        .allowUndeclaredHubs()).isTrue();
    assertThatThrownBy(() -> HubConfigLoader.applyEnvironment(Map.of("SWITCHBOARD_HUB_ALLOW_UNDECLARED_HUBS", "yes"), base))
        .hasMessageContaining("SWITCHBOARD_HUB_ALLOW_UNDECLARED_HUBS");
    assertThatThrownBy(() -> HubConfigLoader.applyText("allowUndeclaredHubs: 3\n", true, base))
        .hasMessageContaining("allowUndeclaredHubs");
  }
}
