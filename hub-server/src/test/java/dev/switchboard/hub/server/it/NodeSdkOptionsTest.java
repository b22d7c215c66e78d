package dev.switchboard.hub.server.it;

import static dev.switchboard.hub.server.it.SdkDriver.JSON;
import static dev.switchboard.hub.server.it.SdkDriver.clientCall;
import static dev.switchboard.hub.server.it.SdkDriver.groupRest;
import static dev.switchboard.hub.server.it.SdkDriver.rest;
import static dev.switchboard.hub.server.it.SdkDriver.startClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option variants of Azure's official Node SDKs against a running hub: the client SDK's
 * auto-reconnect, auto-rejoin and {@code rejoin-group-failed}, fire-and-forget, binary, token
 * groups and expiry; the service SDK's filters, TTL, paging and permission targets.
 */
class NodeSdkOptionsTest extends NodeSdkHarness {

  private static String connected(String name) throws InterruptedException {
    return sdk.event(name, e -> e.get("event").asText().equals("connected")).get("connectionId").asText();
  }

  /** The server handles the close just after the client saw it: ask until gone, bounded. */
  private static void awaitGone(String hubName, String connectionId) throws Exception {
    long deadline = System.nanoTime() + SdkDriver.TIMEOUT.toNanos();
    while (sdk.ok(rest(hubName, "connectionExists", connectionId)).asBoolean()) {
      assertThat(System.nanoTime()).as("connection %s still exists", connectionId).isLessThan(deadline);
    }
  }

  private static String start(ObjectNode command) throws Exception {
    sdk.ok(command);
    return connected(command.get("name").asText());
  }

  @Test
  void theClientSdkReconnectsRejoinsItsGroupsAndReportsTheOnesItMayNoLongerJoin() throws Exception {
    String h = "nodeRejoin";
    ObjectNode cmd = startClient("ar", h, "auto", "json", "webpubsub.joinLeaveGroup.keep");
    cmd.put("autoReconnect", true);
    String first = start(cmd);
    sdk.ok(clientCall("ar", "joinGroup", "keep"));
    // a per-connection grant: the next connection will not have it
    sdk.ok(rest(h, "grantPermission", first, "joinLeaveGroup", Map.of("targetName", "lost")));
    sdk.ok(clientCall("ar", "joinGroup", "lost"));

    sdk.ok(rest(h, "closeConnection", first, Map.of("reason", "reconnect please")));
    JsonNode d = sdk.event("ar", e -> e.get("event").asText().equals("disconnected"));
    assertThat(d.get("message").asText()).isEqualTo("reconnect please");
    // the SDK rejoins before it reports "connected"
    JsonNode failed = sdk.event("ar", e -> e.get("event").asText().equals("rejoin-group-failed"));
    assertThat(failed.get("group").asText()).isEqualTo("lost");
    assertThat(failed.get("errorDetail").get("name").asText()).isEqualTo("Forbidden");
    String second = connected("ar");
    assertThat(second).isNotEqualTo(first);
    // "keep" was rejoined by the SDK on the new connection: a group message reaches it
    sdk.ok(groupRest(h, "keep", "sendToAll", "after rejoin", Map.of("contentType", "text/plain")));
    JsonNode m = message("ar");
    assertThat(m.get("group").asText()).isEqualTo("keep");
    assertThat(m.get("data").asText()).isEqualTo("after rejoin");
    assertThat(sdk.ok(rest(h, "groupExists", "lost")).asBoolean()).isFalse();

    sdk.ok(clientCall("ar", "stop"));
    sdk.event("ar", e -> e.get("event").asText().equals("stopped"));
    assertThat(sdk.ok(rest(h, "connectionExists", second)).asBoolean()).isFalse();
  }

  @Test
  void tokenGroupsFireAndForgetAndBinaryFromTheClientSdk() throws Exception {
    String h = "nodeClientOptions";
    ObjectNode reader = startClient("tr", h, "reader", "json.reliable");
    reader.putArray("groups").add("tg");
    String readerId = start(reader);
    assertThat(sdk.ok(rest(h, "groupExists", "tg")).asBoolean()).isTrue();
    start(startClient("tw", h, "writer", "json", "webpubsub.sendToGroup.tg"));

    JsonNode sent = sdk.ok(clientCall("tw", "sendToGroup", "tg", Map.of("$bytes", "AAH/"), "binary", Map.of("fireAndForget", true)));
    assertThat(sent.has("ackId") && !sent.get("ackId").isNull()).as("fire-and-forget has no ack id: %s", sent).isFalse();
    JsonNode bin = message("tr");
    assertThat(bin.get("dataType").asText()).isEqualTo("binary");
    assertThat(bin.get("data").get("base64").asText()).isEqualTo("AAH/");
    assertThat(bin.get("fromUserId").asText()).isEqualTo("writer");

    sdk.ok(clientCall("tw", "sendToGroup", "tg", "acked", "text"));
    assertThat(message("tr").get("data").asText()).isEqualTo("acked");
    // no event handler: fire-and-forget gets no ack and the connection stays
    sdk.ok(clientCall("tw", "sendEvent", "e", Map.of("k", 1), "json", Map.of("fireAndForget", true)));
    sdk.ok(clientCall("tw", "sendToGroup", "tg", "still connected", "text"));
    assertThat(message("tr").get("data").asText()).isEqualTo("still connected");
    // a text sendToGroup without permission for another group is Forbidden
    JsonNode forbidden = sdk.call(clientCall("tw", "sendToGroup", "elsewhere", "x", "text"));
    assertThat(forbidden.get("errorDetail").get("name").asText()).isEqualTo("Forbidden");

    // stop() closes a reliable client with a status-less close frame (1005): a deliberate close,
    // so the connection is gone at once, not kept for the recovery window
    sdk.ok(clientCall("tr", "stop"));
    sdk.event("tr", e -> e.get("event").asText().equals("stopped"));
    awaitGone(h, readerId);
    assertThat(sdk.ok(rest(h, "userExists", "reader")).asBoolean()).isFalse();
    assertThat(sdk.ok(rest(h, "groupExists", "tg")).asBoolean()).isFalse();
    sdk.ok(clientCall("tw", "stop"));
  }

  @Test
  void clientAccessTokensCarryTheRequestedExpiryRolesAndGroups() throws Exception {
    JsonNode t = sdk.ok(rest("nodeToken", "getClientAccessToken",
        Map.of("userId", "exp", "roles", List.of("r1", "r2"), "groups", List.of("g"), "expirationTimeInMinutes", 5)));
    String[] parts = t.get("token").asText().split("\\.");
    JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    long now = System.currentTimeMillis() / 1000;
    assertThat(claims.get("exp").asLong()).isBetween(now + 4 * 60, now + 6 * 60);
    assertThat(claims.get("role")).hasSize(2);
    assertThat(t.get("baseUrl").asText()).isEqualTo("ws://127.0.0.1:" + hub.server.port() + "/client/hubs/nodeToken");
    // the hub accepts it
    WireClient w = WireClient.connect(hub.ws, t.get("url").asText(), "json.webpubsub.azure.v1");
    assertThat(w.json().get("userId").asText()).isEqualTo("exp");
    assertThat(sdk.ok(rest("nodeToken", "groupExists", "g")).asBoolean()).isTrue();
    w.close();
  }

  @Test
  void serviceSdkFiltersTtlPagingAndPermissionTargets() throws Exception {
    String h = "nodeVariants";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode c = startClient("v" + i, h, "vu" + i, "json");
      c.putArray("groups").add("all5");
      ids.add(start(c));
    }
    // paging: 5 members, 2 per page → 3 pages, all members; top=3 stops after 3
    JsonNode paged = sdk.ok(groupRest(h, "all5", "listConnections", Map.of("maxPageSize", 2)));
    List<String> listed = new ArrayList<>();
    paged.forEach(m -> listed.add(m.get("connectionId").asText()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
    paged.forEach(m -> assertThat(m.get("userId").asText()).startsWith("vu"));
    assertThat(sdk.ok(groupRest(h, "all5", "listConnections", Map.of("maxPageSize", 2, "top", 3)))).hasSize(3);

    // filter on a group send and on a user send
    sdk.ok(groupRest(h, "all5", "sendToAll", "only v1", Map.of("contentType", "text/plain", "filter", "userId eq 'vu1'")));
    sdk.ok(rest(h, "sendToUser", "vu2", "not v2", Map.of("contentType", "text/plain", "filter", "userId ne 'vu2'")));
    sdk.ok(rest(h, "sendToAll", "to v2 by id", Map.of("contentType", "text/plain",
        "filter", "connectionId eq '" + ids.get(2) + "' or 'nogroup' in groups", "messageTtlSeconds", 300)));
    assertThat(message("v1").get("data").asText()).isEqualTo("only v1");
    assertThat(message("v2").get("data").asText()).isEqualTo("to v2 by id"); // "not v2" filtered out
    // JSON and binary to one connection and a user
    sdk.ok(rest(h, "sendToConnection", ids.get(3), Map.of("n", 3)));
    JsonNode json = message("v3");
    assertThat(json.get("dataType").asText()).isEqualTo("json");
    assertThat(json.get("data").get("n").asInt()).isEqualTo(3);
    sdk.ok(rest(h, "sendToUser", "vu4", Map.of("$bytes", "BAU="), Map.of("contentType", "application/octet-stream")));
    assertThat(message("v4").get("data").get("base64").asText()).isEqualTo("BAU=");
    // a JSON string body (no text/plain) arrives as JSON
    sdk.ok(rest(h, "sendToConnection", ids.get(0), "quoted"));
    JsonNode quoted = message("v0");
    assertThat(quoted.get("dataType").asText()).isEqualTo("json");
    assertThat(quoted.get("data").asText()).isEqualTo("quoted");

    // permission without targetName covers every group; with one, only that group
    sdk.ok(rest(h, "grantPermission", ids.get(0), "sendToGroup"));
    assertThat(sdk.ok(rest(h, "hasPermission", ids.get(0), "sendToGroup", Map.of("targetName", "any"))).asBoolean()).isTrue();
    sdk.ok(clientCall("v0", "sendToGroup", "all5", "from v0", "text", Map.of("noEcho", true)));
    assertThat(message("v1").get("data").asText()).isEqualTo("from v0");
    sdk.ok(rest(h, "grantPermission", ids.get(1), "joinLeaveGroup", Map.of("targetName", "mine")));
    sdk.ok(clientCall("v1", "joinGroup", "mine"));
    assertThat(sdk.call(clientCall("v1", "joinGroup", "yours")).get("errorDetail").get("name").asText()).isEqualTo("Forbidden");
    assertThat(sdk.ok(rest(h, "hasPermission", ids.get(1), "joinLeaveGroup")).asBoolean()).isFalse();

    // close a group with a reason; excluded works untyped on the group close too
    sdk.ok(groupRest(h, "all5", "closeAllConnections", Map.of("reason", "group done", "excluded", List.of(ids.get(0)))));
    for (int i = 1; i < 5; i++) {
      assertThat(sdk.event("v" + i, e -> e.get("event").asText().equals("disconnected")).get("message").asText())
          .isEqualTo("group done");
    }
    assertThat(sdk.ok(rest(h, "connectionExists", ids.get(0))).asBoolean()).isTrue();
    sdk.ok(clientCall("v0", "stop"));
  }
}
