package dev.switchboard.hub.server.it;

import static dev.switchboard.hub.server.it.SdkDriver.clientCall;
import static dev.switchboard.hub.server.it.SdkDriver.drop;
import static dev.switchboard.hub.server.it.SdkDriver.groupRest;
import static dev.switchboard.hub.server.it.SdkDriver.rest;
import static dev.switchboard.hub.server.it.SdkDriver.startClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Azure's official Node SDKs, unmodified, against a running hub: {@code @azure/web-pubsub} 1.2.0
 * (REST, with {@code allowInsecureConnection}) and {@code @azure/web-pubsub-client} 1.1.0.
 */
class NodeSdkTest extends NodeSdkHarness {

  private static String start(String name, String hubName, String user, String protocol, String... roles) throws Exception {
    sdk.ok(startClient(name, hubName, user, protocol, roles));
    JsonNode connected = sdk.event(name, e -> e.get("event").asText().equals("connected"));
    assertThat(connected.get("userId").asText()).isEqualTo(user);
    String id = connected.get("connectionId").asText();
    assertThat(sdk.ok(rest(hubName, "connectionExists", id)).asBoolean()).isTrue();
    return id;
  }

  @Test
  void everyRestOperationOfTheServiceSdk() throws Exception {
    String h = "nodeRest";
    String a = start("ra", h, "user/1", "json.reliable");
    String b = start("rb", h, "u2", "json");

    sdk.ok(rest(h, "sendToAll", Map.of("hello", "json")));
    for (String c : List.of("ra", "rb")) {
      JsonNode m = message(c);
      assertThat(m.get("event").asText()).isEqualTo("server-message");
      assertThat(m.get("dataType").asText()).isEqualTo("json");
      assertThat(m.get("data").get("hello").asText()).isEqualTo("json");
      // reliable clients see sequence ids, the others none
      assertThat(m.get("sequenceId").isNull()).isEqualTo(c.equals("rb"));
    }
    sdk.ok(rest(h, "sendToAll", "text!", Map.of("contentType", "text/plain", "filter", "userId eq 'u2'")));
    assertThat(message("rb").get("data").asText()).isEqualTo("text!");
    sdk.ok(rest(h, "sendToAll", "skip b", Map.of("contentType", "text/plain", "excludedConnections", List.of(b))));
    assertThat(message("ra").get("data").asText()).isEqualTo("skip b");
    sdk.ok(rest(h, "sendToAll", Map.of("$bytes", "AAEC"), Map.of("contentType", "application/octet-stream")));
    assertThat(message("ra").get("dataType").asText()).isEqualTo("binary");
    JsonNode rbBinary = message("rb");
    assertThat(rbBinary.get("data").get("base64")).as("%s", rbBinary).isNotNull();
    assertThat(rbBinary.get("data").get("base64").asText()).isEqualTo("AAEC");

    // user ids with '/' travel percent-encoded in the path
    sdk.ok(rest(h, "sendToUser", "user/1", "for user/1", Map.of("contentType", "text/plain", "messageTtlSeconds", 60)));
    assertThat(message("ra").get("data").asText()).isEqualTo("for user/1");
    sdk.ok(rest(h, "sendToConnection", b, "for b", Map.of("contentType", "text/plain")));
    assertThat(message("rb").get("data").asText()).isEqualTo("for b");

    assertThat(sdk.ok(rest(h, "connectionExists", a)).asBoolean()).isTrue();
    assertThat(sdk.ok(rest(h, "connectionExists", "missing")).asBoolean()).isFalse();
    assertThat(sdk.ok(rest(h, "userExists", "user/1")).asBoolean()).isTrue();
    assertThat(sdk.ok(rest(h, "userExists", "ghost")).asBoolean()).isFalse();

    sdk.ok(groupRest(h, "grp 1", "addConnection", a));
    sdk.ok(groupRest(h, "grp 1", "addUser", "u2"));
    assertThat(sdk.ok(rest(h, "groupExists", "grp 1")).asBoolean()).isTrue();
    JsonNode members = sdk.ok(groupRest(h, "grp 1", "listConnections", Map.of("maxPageSize", 1)));
    List<String> ids = new ArrayList<>();
    members.forEach(m -> ids.add(m.get("connectionId").asText()));
    assertThat(ids).containsExactlyInAnyOrder(a, b);
    sdk.ok(groupRest(h, "grp 1", "sendToAll", "to group", Map.of("contentType", "text/plain", "excludedConnections", List.of(a))));
    JsonNode gm = message("rb");
    assertThat(gm.get("event").asText()).isEqualTo("group-message");
    assertThat(gm.get("group").asText()).isEqualTo("grp 1");
    sdk.ok(groupRest(h, "grp 1", "removeConnection", a));
    sdk.ok(groupRest(h, "grp 1", "removeUser", "u2"));
    assertThat(sdk.ok(rest(h, "groupExists", "grp 1")).asBoolean()).isFalse();

    sdk.ok(rest(h, "addConnectionsToGroups", List.of("x", "y"), "userId eq 'user/1'"));
    assertThat(sdk.ok(rest(h, "groupExists", "y")).asBoolean()).isTrue();
    sdk.ok(rest(h, "removeConnectionsFromGroups", List.of("x"), "userId eq 'user/1'"));
    assertThat(sdk.ok(rest(h, "groupExists", "x")).asBoolean()).isFalse();
    sdk.ok(rest(h, "removeConnectionFromAllGroups", a));
    assertThat(sdk.ok(rest(h, "groupExists", "y")).asBoolean()).isFalse();
    sdk.ok(groupRest(h, "z", "addUser", "u2"));
    sdk.ok(rest(h, "removeUserFromAllGroups", "u2"));
    assertThat(sdk.ok(rest(h, "groupExists", "z")).asBoolean()).isFalse();

    sdk.ok(rest(h, "grantPermission", b, "sendToGroup", Map.of("targetName", "t")));
    assertThat(sdk.ok(rest(h, "hasPermission", b, "sendToGroup", Map.of("targetName", "t"))).asBoolean()).isTrue();
    assertThat(sdk.ok(rest(h, "hasPermission", b, "sendToGroup")).asBoolean()).isFalse();
    sdk.ok(rest(h, "revokePermission", b, "sendToGroup", Map.of("targetName", "t")));
    assertThat(sdk.ok(rest(h, "hasPermission", b, "sendToGroup", Map.of("targetName", "t"))).asBoolean()).isFalse();

    JsonNode token = sdk.ok(rest(h, "getClientAccessToken", Map.of("userId", "tok", "roles", List.of("r1"))));
    assertThat(token.get("url").asText()).startsWith("ws://127.0.0.1:" + hub.server.port() + "/client/hubs/nodeRest?access_token=");

    sdk.ok(rest(h, "closeConnection", b, Map.of("reason", "bye b")));
    assertThat(sdk.event("rb", e -> e.get("event").asText().equals("disconnected")).get("message").asText()).isEqualTo("bye b");
    String c = start("rc", h, "u3", "json");
    sdk.ok(rest(h, "closeUserConnections", "u3", Map.of("reason", "bye u3")));
    sdk.event("rc", e -> e.get("event").asText().equals("disconnected"));
    String d = start("rd", h, "u4", "json");
    sdk.ok(groupRest(h, "closing", "addConnection", d));
    sdk.ok(groupRest(h, "closing", "closeAllConnections", Map.of("reason", "group closed")));
    sdk.event("rd", e -> e.get("event").asText().equals("disconnected"));
    String e = start("re", h, "u5", "json");
    // close-all's typed options expose only reason; excluded still goes through untyped (spec §1.2)
    sdk.ok(rest(h, "closeAllConnections", Map.of("reason", "all", "excluded", List.of(e))));
    assertThat(sdk.event("ra", ev -> ev.get("event").asText().equals("disconnected")).get("message").asText()).isEqualTo("all");
    assertThat(sdk.ok(rest(h, "connectionExists", a)).asBoolean()).isFalse();
    assertThat(sdk.ok(rest(h, "connectionExists", e)).asBoolean()).isTrue();
    sdk.ok(clientCall("re", "stop"));
    assertThat(c).isNotEqualTo(d);
  }

  @Test
  void clientMessagesPermissionsAndNoEcho() throws Exception {
    String h = "nodeClient";
    String a = start("ca", h, "alice", "json.reliable");
    start("cb", h, "bob", "json.reliable", "webpubsub.joinLeaveGroup", "webpubsub.sendToGroup.chat");

    JsonNode forbidden = sdk.call(clientCall("ca", "joinGroup", "chat"));
    assertThat(forbidden.get("ok").asBoolean()).isFalse();
    assertThat(forbidden.get("errorDetail").get("name").asText()).isEqualTo("Forbidden");

    sdk.ok(rest(h, "grantPermission", a, "joinLeaveGroup", Map.of("targetName", "chat")));
    sdk.ok(clientCall("ca", "joinGroup", "chat"));
    sdk.ok(clientCall("cb", "joinGroup", "chat"));

    sdk.ok(clientCall("cb", "sendToGroup", "chat", "hi from bob", "text", Map.of("noEcho", true)));
    JsonNode m = message("ca");
    assertThat(m.get("group").asText()).isEqualTo("chat");
    assertThat(m.get("data").asText()).isEqualTo("hi from bob");
    assertThat(m.get("fromUserId").asText()).isEqualTo("bob");
    sdk.ok(clientCall("cb", "sendToGroup", "chat", Map.of("n", 1), "json"));
    assertThat(message("ca").get("data").get("n").asInt()).isEqualTo(1);
    assertThat(message("cb").get("data").get("n").asInt()).isEqualTo(1); // echo: the noEcho one never came

    JsonNode notAllowed = sdk.call(clientCall("ca", "sendToGroup", "chat", "alice?", "text"));
    assertThat(notAllowed.get("errorDetail").get("name").asText()).isEqualTo("Forbidden");
    JsonNode otherGroup = sdk.call(clientCall("cb", "sendToGroup", "other", "x", "text"));
    assertThat(otherGroup.get("errorDetail").get("name").asText()).isEqualTo("Forbidden");

    // No event handler is configured: the event fails with an error ack, and the client stays.
    JsonNode event = sdk.call(clientCall("ca", "sendEvent", "custom", "payload", "text"));
    assertThat(event.get("ok").asBoolean()).isFalse();
    assertThat(event.get("errorDetail").get("name").asText()).isEqualTo("InternalServerError");

    sdk.ok(clientCall("ca", "leaveGroup", "chat"));
    sdk.ok(clientCall("cb", "sendToGroup", "chat", "after leave", "text"));
    assertThat(message("cb").get("data").asText()).isEqualTo("after leave");
    sdk.ok(rest(h, "sendToConnection", a, "marker", Map.of("contentType", "text/plain")));
    assertThat(message("ca").get("data").asText()).isEqualTo("marker");
    sdk.ok(clientCall("ca", "stop"));
    sdk.ok(clientCall("cb", "stop"));
  }

  @Test
  void reliableRecoveryAfterAnAbruptDropLosesAndDuplicatesNothing() throws Exception {
    String h = "nodeReliable";
    String id = start("rel", h, "rel-user", "json.reliable", "webpubsub.joinLeaveGroup");
    sdk.ok(clientCall("rel", "joinGroup", "stream"));
    int total = 200;
    for (int i = 1; i <= total / 2; i++) {
      sdk.ok(groupRest(h, "stream", "sendToAll", "m" + i, Map.of("contentType", "text/plain")));
    }
    sdk.ok(drop("rel"));
    for (int i = total / 2 + 1; i <= total; i++) {
      sdk.ok(groupRest(h, "stream", "sendToAll", "m" + i, Map.of("contentType", "text/plain")));
    }
    List<String> got = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    while (got.size() < total) {
      JsonNode m = message("rel");
      got.add(m.get("data").asText());
      seqs.add(m.get("sequenceId").asLong());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= total; i++) {
      expected.add("m" + i);
    }
    assertThat(got).containsExactlyElementsOf(expected);
    assertThat(seqs).doesNotHaveDuplicates().isSorted();
    // Same connection, no second "connected" event, and nothing extra arrives after a marker.
    assertThat(sdk.ok(rest(h, "connectionExists", id)).asBoolean()).isTrue();
    sdk.ok(rest(h, "sendToConnection", id, "marker", Map.of("contentType", "text/plain")));
    assertThat(message("rel").get("data").asText()).isEqualTo("marker");
    assertThat(sdk.drain("rel")).noneMatch(e -> e.get("event").asText().equals("connected")
        || e.get("event").asText().endsWith("-message"));
    sdk.ok(clientCall("rel", "stop"));
  }
}
