package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceAsyncClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.azure.messaging.webpubsub.models.WebPubSubPermission;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overloads and options of Azure's Java service SDK 1.4.0 that {@link JavaSdkTest} leaves out:
 * every binary {@code ...WithResponse} send, filters and TTL via {@code RequestOptions}, token
 * groups, roles and expiry, and the async client.
 */
class JavaSdkVariantsTest {

  static final String JSON_V1 = "json.webpubsub.azure.v1";
  static final Duration WAIT = Duration.ofSeconds(10);

  static RunningHub hub;
  static WebPubSubServiceClient sdk;
  static WebPubSubServiceAsyncClient async;

  @BeforeAll
  static void start() {
    hub = RunningHub.start();
    sdk = hub.sdk("variants");
    async = new WebPubSubServiceClientBuilder().connectionString(hub.connectionString()).hub("variants")
        .httpClient(new JdkHttpClientBuilder().build()).buildAsyncClient();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  record Client(WireClient wire, String id) {}

  private static Client client(GetClientAccessTokenOptions options) throws Exception {
    WireClient w = WireClient.connect(hub.ws, sdk.getClientAccessToken(options).getUrl(), JSON_V1);
    JsonNode connected = w.json();
    return new Client(w, connected.get("connectionId").asText());
  }

  private static Client client(String user) throws Exception {
    return client(new GetClientAccessTokenOptions().setUserId(user));
  }

  private static RequestOptions json() {
    return new RequestOptions().setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
  }

  @Test
  void binaryOverloadsReachUserGroupAndConnection() throws Exception {
    Client a = client("bin-a");
    byte[] bytes = {9, 8, 7};
    sdk.sendToUserWithResponse("bin-a", BinaryData.fromBytes(bytes), WebPubSubContentType.APPLICATION_OCTET_STREAM,
        bytes.length, null);
    JsonNode user = a.wire().json();
    assertThat(user.get("dataType").asText()).isEqualTo("binary");
    assertThat(Base64.getDecoder().decode(user.get("data").asText())).isEqualTo(bytes);
    sdk.sendToConnectionWithResponse(a.id(), BinaryData.fromBytes(bytes), WebPubSubContentType.APPLICATION_OCTET_STREAM,
        bytes.length, null);
    assertThat(a.wire().json().get("dataType").asText()).isEqualTo("binary");
    sdk.addConnectionToGroupWithResponse("bins", a.id(), null);
    sdk.sendToGroupWithResponse("bins", BinaryData.fromBytes(bytes), WebPubSubContentType.APPLICATION_OCTET_STREAM,
        bytes.length, null);
    JsonNode group = a.wire().json();
    assertThat(group.get("group").asText()).isEqualTo("bins");
    assertThat(group.get("dataType").asText()).isEqualTo("binary");
    // the two-argument overloads with the content type as a header
    sdk.sendToUserWithResponse("bin-a", BinaryData.fromString("{\"u\":1}"), json());
    assertThat(a.wire().json().get("data").get("u").asInt()).isEqualTo(1);
    sdk.sendToConnectionWithResponse(a.id(), BinaryData.fromString("{\"c\":1}"), json());
    assertThat(a.wire().json().get("data").get("c").asInt()).isEqualTo(1);
    sdk.sendToGroupWithResponse("bins", BinaryData.fromString("{\"g\":1}"), json());
    assertThat(a.wire().json().get("data").get("g").asInt()).isEqualTo(1);
    a.wire().close();
  }

  @Test
  void filtersExclusionsAndTtlThroughRequestOptions() throws Exception {
    Client a = client("opt-a");
    Client b = client("opt-b");
    sdk.addConnectionToGroupWithResponse("opts", a.id(), null);
    sdk.addConnectionToGroupWithResponse("opts", b.id(), null);
    sdk.sendToGroupWithResponse("opts", BinaryData.fromString("\"filtered\""),
        json().addQueryParam("filter", "userId eq 'opt-b'").addQueryParam("messageTtlSeconds", "30"));
    sdk.sendToGroupWithResponse("opts", BinaryData.fromString("\"excluded\""), json().addQueryParam("excluded", b.id()));
    assertThat(b.wire().json().get("data").asText()).isEqualTo("filtered");
    assertThat(a.wire().json().get("data").asText()).isEqualTo("excluded");
    sdk.sendToUserWithResponse("opt-a", BinaryData.fromString("\"none\""), json().addQueryParam("filter", "'opts' in groups and userId eq 'x'"));
    sdk.sendToAllWithResponse(BinaryData.fromString("\"marker\""), json().addQueryParam("filter", "'opts' in groups"));
    assertThat(a.wire().json().get("data").asText()).isEqualTo("marker");
    assertThat(b.wire().json().get("data").asText()).isEqualTo("marker");
    a.wire().close();
    b.wire().close();
  }

  @Test
  void tokenGroupsRolesAndExpiryFromTheSdk() throws Exception {
    WebPubSubClientAccessToken token = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("tok")
        .setGroups(List.of("from-token")).setRoles(List.of("webpubsub.sendToGroup.from-token"))
        .setExpiresAfter(Duration.ofMinutes(7)));
    JsonNode claims = WireClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(token.getToken().split("\\.")[1]),
        StandardCharsets.UTF_8));
    long now = System.currentTimeMillis() / 1000;
    assertThat(claims.get("exp").asLong()).isBetween(now + 6 * 60, now + 8 * 60);
    WireClient w = WireClient.connect(hub.ws, token.getUrl(), JSON_V1);
    String id = w.json().get("connectionId").asText();
    assertThat(sdk.groupExistsWithResponse("from-token", null).getValue()).isTrue();
    assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.SEND_TO_GROUP, id,
        new RequestOptions().addQueryParam("targetName", "from-token")).getValue()).isTrue();
    assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.SEND_TO_GROUP, id,
        new RequestOptions().addQueryParam("targetName", "other")).getValue()).isFalse();
    w.send("{\"type\":\"sendToGroup\",\"group\":\"from-token\",\"dataType\":\"text\",\"data\":\"mine\",\"noEcho\":false,\"ackId\":1}");
    JsonNode first = w.json();
    JsonNode second = w.json();
    assertThat(List.of(first.get("type").asText(), second.get("type").asText())).containsExactlyInAnyOrder("ack", "message");
    w.close();
  }

  @Test
  void theAsyncClientDrivesTheSameOperations() throws Exception {
    Client a = client("async-a");
    async.sendToAll("async hello", WebPubSubContentType.TEXT_PLAIN).block(WAIT);
    assertThat(a.wire().json().get("data").asText()).isEqualTo("async hello");
    assertThat(async.connectionExistsWithResponse(a.id(), null).block(WAIT).getValue()).isTrue();
    assertThat(async.userExistsWithResponse("async-a", null).block(WAIT).getValue()).isTrue();
    async.addUserToGroupWithResponse("ag", "async-a", null).block(WAIT);
    assertThat(async.groupExistsWithResponse("ag", null).block(WAIT).getValue()).isTrue();
    async.sendToGroup("ag", "to ag", WebPubSubContentType.TEXT_PLAIN).block(WAIT);
    assertThat(a.wire().json().get("group").asText()).isEqualTo("ag");
    async.sendToUser("async-a", "to user", WebPubSubContentType.TEXT_PLAIN).block(WAIT);
    assertThat(a.wire().json().get("data").asText()).isEqualTo("to user");
    async.sendToConnection(a.id(), "to conn", WebPubSubContentType.TEXT_PLAIN).block(WAIT);
    assertThat(a.wire().json().get("data").asText()).isEqualTo("to conn");
    async.addConnectionsToGroups(List.of("af"), "userId eq 'async-a'").block(WAIT);
    assertThat(async.groupExistsWithResponse("af", null).block(WAIT).getValue()).isTrue();
    async.removeConnectionFromAllGroupsWithResponse(a.id(), null).block(WAIT);
    assertThat(async.groupExistsWithResponse("af", null).block(WAIT).getValue()).isFalse();
    async.grantPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, a.id(), null).block(WAIT);
    assertThat(async.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, a.id(), null).block(WAIT).getValue())
        .isTrue();
    async.revokePermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, a.id(), null).block(WAIT);
    WebPubSubClientAccessToken token = async.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("t")).block(WAIT);
    assertThat(token.getUrl()).startsWith("ws://127.0.0.1:" + hub.server.port() + "/client/hubs/variants?access_token=");
    async.closeConnectionWithResponse(a.id(), new RequestOptions().addQueryParam("reason", "async bye")).block(WAIT);
    assertThat(a.wire().json().get("message").asText()).isEqualTo("async bye");
    assertThat(a.wire().awaitClose().code()).isEqualTo(1000);
  }
}
