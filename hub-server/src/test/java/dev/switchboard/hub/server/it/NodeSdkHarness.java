package dev.switchboard.hub.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the Node SDK test classes share: one running hub and one {@link SdkDriver} per class,
 * started before its tests and stopped after them. Test classes run one at a time here.
 */
abstract class NodeSdkHarness {

  static RunningHub hub;
  static SdkDriver sdk;

  @BeforeAll
  static void startHubAndSdk() throws Exception {
    hub = RunningHub.start();
    sdk = SdkDriver.start(hub.connectionString());
  }

  @AfterAll
  static void stopHubAndSdk() {
    if (sdk != null) {
      sdk.close();
      sdk = null;
    }
    if (hub != null) {
      hub.close();
      hub = null;
    }
  }

  /** The next message event ({@code group-message} or {@code server-message}) of {@code client}. */
  static JsonNode message(String client) throws InterruptedException {
    return sdk.event(client, e -> e.get("event").asText().endsWith("-message"));
  }
}
