package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import dev.switchboard.hub.server.HubSettings;
import org.junit.jupiter.api.Test;

/** {@code allowUndeclaredHubs: false}: only declared hubs exist, for the REST API and for clients. */
class DeclaredHubsOnlyTest {

  @Test
  void undeclaredHubsAre404ForRestAndClientsWhileDeclaredOnesWork() throws Exception {
    try (RunningHub hub = new RunningHub(RunningHub.config().withHub("Chat", HubSettings.DEFAULT).withAllowUndeclaredHubs(false))) {
      assertThatThrownBy(() -> hub.sdk("other").sendToAll("x", WebPubSubContentType.TEXT_PLAIN))
          .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("other");
      String otherUrl = hub.sdk("other").getClientAccessToken(new GetClientAccessTokenOptions()).getUrl();
      assertThatThrownBy(() -> WireClient.connect(hub.ws, otherUrl, "json.webpubsub.azure.v1")).hasMessageContaining("404");
      assertThat(hub.server.hubs().findHub("other")).isEmpty();

      // the declared hub, under any letter case
      String url = hub.sdk("chat").getClientAccessToken(new GetClientAccessTokenOptions().setUserId("u")).getUrl();
      WireClient w = WireClient.connect(hub.ws, url, "json.webpubsub.azure.v1");
      w.json();
      hub.sdk("CHAT").sendToUser("u", "declared", WebPubSubContentType.TEXT_PLAIN);
      assertThat(w.json().get("data").asText()).isEqualTo("declared");
      w.close();
    }
  }
}
