package dev.switchboard.hub.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.hub.server.HubSettings;
import dev.switchboard.hub.server.it.RunningHub;
import dev.switchboard.hub.server.it.WireClient;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path with the official upstream: a client connects to the running hub, whose hub
 * {@code chat} has Microsoft's {@code @azure/web-pubsub-express} handler as its event handler
 * (connect decides user, groups, roles and subprotocol; user events answer; connected and
 * disconnected arrive).
 */
class HubUpstreamEndToEndTest {

  static NodeUpstream node;
  static RunningHub hub;
  static WebPubSubServiceClient sdk;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // the handler must know the hub's origin before the hub knows the handler
    }
    node = NodeUpstream.start("chat", "http://127.0.0.1:" + port);
    hub = new RunningHub(RunningHub.config().withPort(port).withHub("chat", HubSettings.DEFAULT.withEventHandlers(List.of(
        EventHandler.of("http://127.0.0.1:" + node.port() + "/api/webpubsub/hubs/{hub}/{event}",
            SystemEvent.CONNECT, SystemEvent.CONNECTED, SystemEvent.DISCONNECTED)))));
    sdk = hub.sdk("chat");
  }

  @AfterAll
  static void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private String url(String user) {
    return sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId(user)).getUrl();
  }

  @Test
  void theConnectHandlerDecidesAndUserEventsAreAnswered() throws Exception {
    WireClient c = WireClient.connect(hub.ws, url("alice"), "json.webpubsub.azure.v1");
    JsonNode connect = node.nextEvent();
    assertThat(connect.get("event").asText()).isEqualTo("connect");
    assertThat(connect.get("context").get("userId").asText()).isEqualTo("alice");
    assertThat(connect.get("subprotocols").get(0).asText()).isEqualTo("json.webpubsub.azure.v1");
    assertThat(connect.get("query").has("access_token")).isFalse();
    JsonNode connected = c.json();
    assertThat(connected.get("userId").asText()).isEqualTo("user-from-handler");
    String id = connected.get("connectionId").asText();
    assertThat(node.nextEvent().get("event").asText()).isEqualTo("connected");

    // groups and roles from the handler: in g1 and allowed to publish
    c.send("{\"type\":\"sendToGroup\",\"group\":\"g1\",\"dataType\":\"text\",\"data\":\"x\",\"ackId\":1}");
    JsonNode echo = c.json(n -> n.get("type").asText().equals("message"));
    assertThat(echo.get("fromUserId").asText()).isEqualTo("user-from-handler");

    c.send("{\"type\":\"event\",\"event\":\"echo\",\"dataType\":\"text\",\"data\":\"hi\",\"ackId\":2}");
    JsonNode reply = c.json(n -> n.get("type").asText().equals("message"));
    assertThat(reply.get("from").asText()).isEqualTo("server");
    assertThat(reply.get("data").asText()).isEqualTo("echo:hi");
    JsonNode user = node.nextEvent();
    assertThat(user.get("event").asText()).isEqualTo("user");
    assertThat(user.get("context").get("states").get("counter").asInt()).isEqualTo(1);
    assertThat(c.json(n -> n.get("type").asText().equals("ack") && n.get("ackId").asInt() == 2).get("success").asBoolean())
        .isTrue();

    c.send("{\"type\":\"event\",\"event\":\"fail\",\"dataType\":\"text\",\"data\":\"no\",\"ackId\":3}");
    JsonNode failed = c.json(n -> n.get("type").asText().equals("ack") && n.get("ackId").asInt() == 3);
    assertThat(failed.get("error").get("name").asText()).isEqualTo("InternalServerError");
    node.nextEvent();

    c.session.close(1000, "done").join();
    JsonNode disconnected = node.nextEvent();
    assertThat(disconnected.get("event").asText()).isEqualTo("disconnected");
    assertThat(disconnected.get("context").get("connectionId").asText()).isEqualTo(id);
  }

  @Test
  void theConnectEventCarriesEveryRequestHeaderButTheCredential() throws Exception {
    String url = url("bob");
    String token = java.net.URLDecoder.decode(url.substring(url.indexOf("access_token=") + 13),
        java.nio.charset.StandardCharsets.UTF_8);
    String bare = url.substring(0, url.indexOf('?'));
    WireClient c = WireClient.connect(hub.ws, dev.switchboard.websocket.ConnectRequest.to(bare)
        .header("Authorization", "Bearer " + token)
        .header("X-Trace-Id", "t-1")
        .header("X-Trace-Id", "t-2")
        .subprotocols("json.webpubsub.azure.v1").build());
    JsonNode connect = node.nextEvent();
    assertThat(connect.get("event").asText()).isEqualTo("connect");
    JsonNode headers = connect.get("headers");
    java.util.Map<String, JsonNode> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
    assertThat(byName).containsKey("X-Trace-Id").containsKey("Host").doesNotContainKey("Authorization");
    assertThat(byName.get("X-Trace-Id").toString()).contains("t-1").contains("t-2");
    assertThat(node.nextEvent().get("event").asText()).isEqualTo("connected");
    c.session.close(1000, "").get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(node.nextEvent().get("event").asText()).isEqualTo("disconnected");
  }

  @Test
  void aConnectHandlerRejectionFailsTheHandshakeWithItsStatus() throws Exception {
    assertThatThrownBy(() -> WireClient.connect(hub.ws, url("reject-me"), "json.webpubsub.azure.v1"))
        .hasMessageContaining("401");
    assertThat(node.nextEvent().get("context").get("userId").asText()).isEqualTo("reject-me");
  }
}
