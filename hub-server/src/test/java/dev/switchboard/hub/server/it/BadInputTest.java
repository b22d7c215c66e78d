package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error, and the hub keeps serving everyone else. */
class BadInputTest {

  static RunningHub hub;
  static WebPubSubServiceClient sdk;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    hub = new RunningHub(RunningHub.config().withMaxHttpBodyBytes(16 * 1024));
    sdk = hub.sdk("bad");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private HttpResponse<String> post(String pathAndQuery, String token, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + pathAndQuery))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String signed(String pathAndQuery) {
    return Tokens.hs256("{\"aud\":\"" + hub.base() + pathAndQuery + "\",\"exp\":" + (Tokens.now() + 600) + "}", RunningHub.KEY);
  }

  private JsonNode problem(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = WireClient.JSON.readTree(r.body());
    assertThat(r.headers().firstValue("x-ms-error-code")).contains(body.get("code").asText());
    assertThat(body.get("message").asText()).isNotBlank();
    return body;
  }

  @Test
  void restRequestsWithoutAValidTokenAre401WithAClearBody() throws Exception {
    String path = "/api/hubs/bad/:send?api-version=2024-01-01";
    JsonNode missing = problem(post(path, null, "text/plain", "x"), 401);
    assertThat(missing.get("message").asText()).contains("Authorization");
    problem(post(path, Tokens.hs256("{\"aud\":\"" + hub.base() + path + "\",\"exp\":" + (Tokens.now() + 600) + "}",
        "another-key-that-is-long-enough-0123456789"), "text/plain", "x"), 401);
    JsonNode expired = problem(post(path, Tokens.hs256("{\"aud\":\"" + hub.base() + path + "\",\"exp\":"
        + (Tokens.now() - 3600) + "}", RunningHub.KEY), "text/plain", "x"), 401);
    assertThat(expired.get("message").asText()).containsIgnoringCase("exp");
    problem(post(path, Tokens.unsigned("{\"aud\":\"" + hub.base() + path + "\",\"exp\":" + (Tokens.now() + 600) + "}"),
        "text/plain", "x"), 401);
    problem(post(path, Tokens.hs256("{\"aud\":\"http://elsewhere/api\",\"exp\":" + (Tokens.now() + 600) + "}",
        RunningHub.KEY), "text/plain", "x"), 401);
    problem(post(path, "not.a.jwt", "text/plain", "x"), 401);
  }

  @Test
  void malformedRestInputIs400NamingTheField() throws Exception {
    String noVersion = "/api/hubs/bad/:send";
    assertThat(problem(post(noVersion, signed(noVersion), "text/plain", "x"), 400).get("target").asText()).isEqualTo("api-version");
    String ttl = "/api/hubs/bad/:send?api-version=2024-01-01&messageTtlSeconds=301";
    assertThat(problem(post(ttl, signed(ttl), "text/plain", "x"), 400).get("target").asText()).isEqualTo("messageTtlSeconds");
    String filter = "/api/hubs/bad/:send?api-version=2024-01-01&filter=userId%20eq";
    assertThat(problem(post(filter, signed(filter), "text/plain", "x"), 400).get("target").asText()).isEqualTo("filter");
    String send = "/api/hubs/bad/:send?api-version=2024-01-01";
    assertThat(problem(post(send, signed(send), "application/json", "{not json"), 400).get("target").asText()).isEqualTo("body");
    assertThat(problem(post(send, signed(send), "image/png", "x"), 415).get("target").asText()).isEqualTo("Content-Type");
    String groups = "/api/hubs/bad/:addToGroups?api-version=2024-01-01";
    assertThat(problem(post(groups, signed(groups), "application/json", "{\"groups\":\"g\"}"), 400).get("target").asText())
        .isEqualTo("groups");
    String badHub = "/api/hubs/9lives/:send?api-version=2024-01-01";
    assertThat(problem(post(badHub, signed(badHub), "text/plain", "x"), 400).get("target").asText()).isEqualTo("hub");
    String token = "/api/hubs/bad/:generateToken?api-version=2024-01-01&minutesToExpire=0";
    assertThat(problem(post(token, signed(token), null, ""), 400).get("target").asText()).isEqualTo("minutesToExpire");
    String unknown = "/api/hubs/bad/:explode?api-version=2024-01-01";
    problem(post(unknown, signed(unknown), "text/plain", "x"), 404);
    String big = "/api/hubs/bad/:send?api-version=2024-01-01";
    assertThat(post(big, signed(big), "text/plain", "x".repeat(20_000)).statusCode()).isEqualTo(413);
    // and the hub still serves
    sdk.sendToAll("still fine", WebPubSubContentType.TEXT_PLAIN);
  }

  @Test
  void moreMalformedRestInputNamesTheProblemAndAClientKeepsBeingServed() throws Exception {
    String url = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("watcher")).getUrl();
    WireClient watcher = WireClient.connect(hub.ws, url, "json.webpubsub.azure.v1");
    watcher.json();
    String groups = "/api/hubs/bad/:addToGroups?api-version=2024-01-01";
    assertThat(problem(post(groups, signed(groups), "application/json", "{\"groups\":[\"g\"],"), 400).get("target").asText())
        .isEqualTo("body");
    JsonNode badFilter = problem(post(groups, signed(groups), "application/json",
        "{\"groups\":[\"g\"],\"filter\":\"userId eq 'a' and\"}"), 400);
    assertThat(badFilter.get("target").asText()).isEqualTo("filter");
    assertThat(badFilter.get("message").asText()).isNotEqualTo("Bad Request").hasSizeGreaterThan(20);
    String unknownField = "/api/hubs/bad/:send?api-version=2024-01-01&filter=" + enc("nosuch eq 'a'");
    assertThat(problem(post(unknownField, signed(unknownField), "text/plain", "x"), 400).get("message").asText())
        .contains("nosuch");
    for (String ttl : new String[] {"-1", "abc", "301"}) {
      String p = "/api/hubs/bad/groups/g/:send?api-version=2024-01-01&messageTtlSeconds=" + ttl;
      assertThat(problem(post(p, signed(p), "text/plain", "x"), 400).get("target").asText()).isEqualTo("messageTtlSeconds");
    }
    String blankGroup = "/api/hubs/bad/groups/%20%20/:send?api-version=2024-01-01";
    assertThat(problem(post(blankGroup, signed(blankGroup), "text/plain", "x"), 400).get("target").asText()).isEqualTo("group");
    String longGroup = "/api/hubs/bad/groups/" + "g".repeat(1025) + "/:send?api-version=2024-01-01";
    assertThat(problem(post(longGroup, signed(longGroup), "text/plain", "x"), 400).get("target").asText()).isEqualTo("group");
    String longHub = "/api/hubs/" + "h".repeat(129) + "/:send?api-version=2024-01-01";
    assertThat(problem(post(longHub, signed(longHub), "text/plain", "x"), 400).get("target").asText()).isEqualTo("hub");
    String unknownRoute = "/api/nothing/here?api-version=2024-01-01";
    problem(post(unknownRoute, signed(unknownRoute), "text/plain", "x"), 404);
    String path = "/api/hubs/bad/:send?api-version=2024-01-01";
    JsonNode audience = problem(post(path, Tokens.hs256("{\"aud\":\"" + hub.base() + "/api/hubs/other/:send\",\"exp\":"
        + (Tokens.now() + 600) + "}", RunningHub.KEY), "text/plain", "x"), 401);
    assertThat(audience.get("message").asText()).containsIgnoringCase("aud");

    sdk.sendToUser("watcher", "served", WebPubSubContentType.TEXT_PLAIN);
    assertThat(watcher.json().get("data").asText()).isEqualTo("served");
    watcher.close();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void clientsWithBadTokensOrHubsAreRefusedWithAStatus() throws Exception {
    String ws = "ws://127.0.0.1:" + hub.server.port();
    assertThatThrownBy(() -> WireClient.connect(hub.ws, ws + "/client/hubs/bad")).hasMessageContaining("401");
    String forOtherHub = hub.sdk("other").getClientAccessToken(new GetClientAccessTokenOptions()).getToken();
    assertThatThrownBy(() -> WireClient.connect(hub.ws, ws + "/client/hubs/bad?access_token=" + forOtherHub))
        .hasMessageContaining("401");
    String none = Tokens.unsigned("{\"aud\":\"http://127.0.0.1:" + hub.server.port() + "/client/hubs/bad\"}");
    assertThatThrownBy(() -> WireClient.connect(hub.ws, ws + "/client/hubs/bad?access_token=" + none))
        .hasMessageContaining("401");
    String expired = Tokens.hs256("{\"aud\":\"http://127.0.0.1:" + hub.server.port() + "/client/hubs/bad\",\"exp\":"
        + (Tokens.now() - 3600) + "}", RunningHub.KEY);
    assertThatThrownBy(() -> WireClient.connect(hub.ws, ws + "/client/hubs/bad?access_token=" + expired))
        .hasMessageContaining("401");
    assertThatThrownBy(() -> WireClient.connect(hub.ws, ws + "/client/hubs/9lives?access_token=x")).hasMessageContaining("400");
    assertThatThrownBy(() -> WireClient.connect(hub.ws, ws + "/client/elsewhere")).hasMessageContaining("404");
    // the /client/?hub= form and the Authorization header work
    String good = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("q")).getToken();
    WireClient viaQuery = WireClient.connect(hub.ws, ws + "/client/?hub=bad&access_token=" + good, "json.webpubsub.azure.v1");
    assertThat(viaQuery.json().get("userId").asText()).isEqualTo("q");
    viaQuery.close();
  }

  @Test
  void recoveryOfAnUnknownOrClosedConnectionIsAcceptedThenClosedWith1008() throws Exception {
    String ws = "ws://127.0.0.1:" + hub.server.port() + "/client/hubs/bad";
    WireClient bogus = WireClient.connect(hub.ws, ws + "?awps_connection_id=nope&awps_reconnection_token=forged",
        "json.reliable.webpubsub.azure.v1");
    assertThat(bogus.session.protocol()).isEqualTo("json.reliable.webpubsub.azure.v1");
    assertThat(bogus.awaitClose().code()).isEqualTo(1008);

    String url = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("r")).getUrl();
    WireClient reliable = WireClient.connect(hub.ws, url, "json.reliable.webpubsub.azure.v1");
    JsonNode connected = reliable.json();
    String id = connected.get("connectionId").asText();
    String token = connected.get("reconnectionToken").asText();
    sdk.closeConnectionWithResponse(id, null);
    assertThat(reliable.awaitClose().code()).isEqualTo(1000);
    WireClient late = WireClient.connect(hub.ws, url + "&awps_connection_id=" + id + "&awps_reconnection_token=" + token,
        "json.reliable.webpubsub.azure.v1");
    CloseEventAssert.code(late.awaitClose(), 1008);

    // an abrupt drop keeps it recoverable: same id, the message sent meanwhile replayed
    WireClient again = WireClient.connect(hub.ws, url, "json.reliable.webpubsub.azure.v1");
    JsonNode c2 = again.json();
    again.session.abort();
    again.awaitClose();
    sdk.sendToConnection(c2.get("connectionId").asText(), "while away", WebPubSubContentType.TEXT_PLAIN);
    WireClient resumed = WireClient.connect(hub.ws, url + "&awps_connection_id=" + c2.get("connectionId").asText()
        + "&awps_reconnection_token=" + java.net.URLEncoder.encode(c2.get("reconnectionToken").asText(), "UTF-8"),
        "json.reliable.webpubsub.azure.v1");
    JsonNode replayed = resumed.json();
    assertThat(replayed.get("data").asText()).isEqualTo("while away");
    assertThat(replayed.get("sequenceId").asLong()).isEqualTo(1);
    resumed.close();
  }

  @Test
  void malformedClientFramesCloseThatClientOnly() throws Exception {
    String url = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("m")
        .addRole("webpubsub.joinLeaveGroup").addRole("webpubsub.sendToGroup")).getUrl();
    WireClient bystander = WireClient.connect(hub.ws, url, "json.webpubsub.azure.v1");
    bystander.json();
    WireClient json = WireClient.connect(hub.ws, url, "json.webpubsub.azure.v1");
    json.json();
    json.send("{\"type\":\"joinGroup\",\"ackId\":7}"); // no group: BadRequest ack, connection stays
    JsonNode bad = json.json();
    assertThat(bad.get("error").get("name").asText()).isEqualTo("BadRequest");
    json.send("{this is not json");
    assertThat(json.awaitClose().code()).isEqualTo(1003);

    WireClient proto = WireClient.connect(hub.ws, url, "protobuf.webpubsub.azure.v1");
    proto.next();
    proto.session.sendBinary(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}).join();
    assertThat(proto.awaitClose().code()).isEqualTo(1003);

    sdk.sendToUser("m", "still here", WebPubSubContentType.TEXT_PLAIN);
    assertThat(bystander.json().get("data").asText()).isEqualTo("still here");
    bystander.close();
  }

  /** Tiny helper so a failed close-code check prints the whole event. */
  static final class CloseEventAssert {
    static void code(dev.switchboard.websocket.CloseEvent e, int code) {
      assertThat(e.code()).as("%s", e).isEqualTo(code);
    }
  }
}
