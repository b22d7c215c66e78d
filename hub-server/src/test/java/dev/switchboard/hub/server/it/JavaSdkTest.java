package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.azure.messaging.webpubsub.models.WebPubSubPermission;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Azure's Java service SDK ({@code com.azure:azure-messaging-webpubsub} 1.4.0, unmodified) drives
 * a running hub; raw JSON-subprotocol clients check what arrives on the wire.
 */
class JavaSdkTest {

  static final String JSON_V1 = "json.webpubsub.azure.v1";

  static RunningHub hub;
  static WebPubSubServiceClient sdk;

  @BeforeAll
  static void start() {
    hub = RunningHub.start();
    sdk = hub.sdk("javaSdk");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  /** A JSON client of user {@code user}; returns it after its {@code connected} message. */
  private Client client(String user, String... roles) throws Exception {
    GetClientAccessTokenOptions o = new GetClientAccessTokenOptions().setUserId(user);
    for (String r : roles) {
      o.addRole(r);
    }
    String url = sdk.getClientAccessToken(o).getUrl();
    WireClient w = WireClient.connect(hub.ws, url, JSON_V1);
    assertThat(w.session.protocol()).isEqualTo(JSON_V1);
    JsonNode connected = w.json();
    assertThat(connected.get("type").asText()).isEqualTo("system");
    assertThat(connected.get("event").asText()).isEqualTo("connected");
    assertThat(connected.get("userId").asText()).isEqualTo(user);
    assertThat(connected.has("reconnectionToken")).isFalse();
    return new Client(w, connected.get("connectionId").asText());
  }

  record Client(WireClient wire, String id) {}

  private static RequestOptions query(String name, String value) {
    return new RequestOptions().addQueryParam(name, value);
  }

  @Test
  void sendToAllReachesEveryClientInEachContentType() throws Exception {
    Client a = client("alice");
    Client b = client("bob");
    sdk.sendToAll("{\"hello\":1}", WebPubSubContentType.APPLICATION_JSON);
    for (Client c : List.of(a, b)) {
      JsonNode m = c.wire().json();
      assertThat(m.get("type").asText()).isEqualTo("message");
      assertThat(m.get("from").asText()).isEqualTo("server");
      assertThat(m.get("dataType").asText()).isEqualTo("json");
      assertThat(m.get("data").get("hello").asInt()).isEqualTo(1);
    }
    sdk.sendToAll("plain words", WebPubSubContentType.TEXT_PLAIN);
    assertThat(a.wire().json().get("data").asText()).isEqualTo("plain words");
    assertThat(b.wire().json().get("dataType").asText()).isEqualTo("text");
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    sdk.sendToAllWithResponse(BinaryData.fromBytes(bytes), WebPubSubContentType.APPLICATION_OCTET_STREAM, bytes.length, null);
    JsonNode bin = a.wire().json();
    assertThat(bin.get("dataType").asText()).isEqualTo("binary");
    assertThat(Base64.getDecoder().decode(bin.get("data").asText())).isEqualTo(bytes);
    b.wire().json();
    // excluded: a repeated query key
    sdk.sendToAllWithResponse(BinaryData.fromString("\"not for a\""),
        query("excluded", a.id()).setHeader(com.azure.core.http.HttpHeaderName.CONTENT_TYPE, "application/json"));
    assertThat(b.wire().json().get("data").asText()).isEqualTo("not for a");
    sdk.sendToConnection(a.id(), "marker", WebPubSubContentType.TEXT_PLAIN);
    assertThat(a.wire().json().get("data").asText()).isEqualTo("marker");
    a.wire().close();
    b.wire().close();
  }

  @Test
  void groupsUsersConnectionsAndExistsChecks() throws Exception {
    Client a = client("carol");
    Client b = client("dave");
    assertThat(sdk.connectionExistsWithResponse(a.id(), null).getValue()).isTrue();
    assertThat(sdk.connectionExistsWithResponse("nope", null).getValue()).isFalse();
    assertThat(sdk.userExistsWithResponse("carol", null).getValue()).isTrue();
    assertThat(sdk.userExistsWithResponse("nobody", null).getValue()).isFalse();
    assertThat(sdk.groupExistsWithResponse("room", null).getValue()).isFalse();

    assertThat(sdk.addConnectionToGroupWithResponse("room", a.id(), null).getStatusCode()).isEqualTo(200);
    assertThat(sdk.addUserToGroupWithResponse("room", "dave", null).getStatusCode()).isEqualTo(200);
    assertThat(sdk.groupExistsWithResponse("room", null).getValue()).isTrue();
    sdk.sendToGroup("room", "to the room", WebPubSubContentType.TEXT_PLAIN);
    for (Client c : List.of(a, b)) {
      JsonNode m = c.wire().json();
      assertThat(m.get("from").asText()).isEqualTo("group");
      assertThat(m.get("group").asText()).isEqualTo("room");
      assertThat(m.get("data").asText()).isEqualTo("to the room");
      assertThat(m.has("fromUserId")).isFalse();
    }
    sdk.sendToUser("dave", "just dave", WebPubSubContentType.TEXT_PLAIN);
    assertThat(b.wire().json().get("data").asText()).isEqualTo("just dave");

    assertThat(sdk.removeConnectionFromGroupWithResponse("room", a.id(), null).getStatusCode()).isEqualTo(204);
    assertThat(sdk.removeUserFromGroupWithResponse("room", "dave", null).getStatusCode()).isEqualTo(204);
    assertThat(sdk.groupExistsWithResponse("room", null).getValue()).isFalse();
    sdk.addConnectionToGroupWithResponse("g1", a.id(), null);
    sdk.addConnectionToGroupWithResponse("g2", b.id(), null);
    assertThat(sdk.removeConnectionFromAllGroupsWithResponse(a.id(), null).getStatusCode()).isEqualTo(204);
    assertThat(sdk.removeUserFromAllGroupsWithResponse("dave", null).getStatusCode()).isEqualTo(204);
    assertThat(sdk.groupExistsWithResponse("g1", null).getValue()).isFalse();
    assertThat(sdk.groupExistsWithResponse("g2", null).getValue()).isFalse();

    sdk.addConnectionsToGroups(List.of("f1"), "userId eq 'carol'");
    assertThat(sdk.groupExistsWithResponse("f1", null).getValue()).isTrue();
    sdk.sendToGroup("f1", "filtered", WebPubSubContentType.TEXT_PLAIN);
    assertThat(a.wire().json().get("data").asText()).isEqualTo("filtered");
    sdk.sendToUser("dave", "marker", WebPubSubContentType.TEXT_PLAIN);
    assertThat(b.wire().json().get("data").asText()).isEqualTo("marker");
    a.wire().close();
    b.wire().close();
  }

  @Test
  void permissionsGrantedByRestLetAClientPublishAndRevokedForbidIt() throws Exception {
    Client a = client("erin");
    a.wire().send("{\"type\":\"joinGroup\",\"group\":\"p\",\"ackId\":1}");
    JsonNode ack = a.wire().json();
    assertThat(ack.get("success").asBoolean()).isFalse();
    assertThat(ack.get("error").get("name").asText()).isEqualTo("Forbidden");

    assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, a.id(), query("targetName", "p"))
        .getValue()).isFalse();
    sdk.grantPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, a.id(), query("targetName", "p"));
    sdk.grantPermissionWithResponse(WebPubSubPermission.SEND_TO_GROUP, a.id(), null);
    assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, a.id(), query("targetName", "p"))
        .getValue()).isTrue();
    a.wire().send("{\"type\":\"joinGroup\",\"group\":\"p\",\"ackId\":2}");
    assertThat(a.wire().json().get("success").asBoolean()).isTrue();
    a.wire().send("{\"type\":\"sendToGroup\",\"group\":\"p\",\"ackId\":3,\"dataType\":\"text\",\"data\":\"mine\"}");
    JsonNode first = a.wire().json();
    JsonNode second = a.wire().json();
    JsonNode echo = first.get("type").asText().equals("message") ? first : second;
    assertThat(echo.get("fromUserId").asText()).isEqualTo("erin");
    assertThat(echo.get("data").asText()).isEqualTo("mine");
    a.wire().send("{\"type\":\"sendToGroup\",\"group\":\"p\",\"ackId\":3,\"dataType\":\"text\",\"data\":\"again\"}");
    assertThat(a.wire().json().get("error").get("name").asText()).isEqualTo("Duplicate");

    sdk.revokePermissionWithResponse(WebPubSubPermission.SEND_TO_GROUP, a.id(), null);
    a.wire().send("{\"type\":\"sendToGroup\",\"group\":\"p\",\"ackId\":4,\"dataType\":\"text\",\"data\":\"x\"}");
    assertThat(a.wire().json().get("error").get("name").asText()).isEqualTo("Forbidden");
    a.wire().close();
  }

  @Test
  void closeOperationsSendDisconnectedWithTheReason() throws Exception {
    Client a = client("frank");
    assertThat(sdk.closeConnectionWithResponse(a.id(), query("reason", "bye frank")).getStatusCode()).isEqualTo(204);
    JsonNode d = a.wire().json();
    assertThat(d.get("event").asText()).isEqualTo("disconnected");
    assertThat(d.get("message").asText()).isEqualTo("bye frank");
    assertThat(a.wire().awaitClose().code()).isEqualTo(1000);

    Client u = client("gina");
    sdk.closeUserConnectionsWithResponse("gina", null);
    assertThat(u.wire().awaitClose().code()).isEqualTo(1000);

    Client g = client("hank");
    sdk.addConnectionToGroupWithResponse("doomed", g.id(), null);
    sdk.closeGroupConnectionsWithResponse("doomed", null);
    assertThat(g.wire().awaitClose().code()).isEqualTo(1000);

    Client keep = client("ivan");
    Client drop = client("judy");
    sdk.closeAllConnectionsWithResponse(query("excluded", keep.id()).addQueryParam("reason", "all"));
    assertThat(drop.wire().awaitClose().code()).isEqualTo(1000);
    assertThat(sdk.connectionExistsWithResponse(keep.id(), null).getValue()).isTrue();
    keep.wire().close();
  }
}
