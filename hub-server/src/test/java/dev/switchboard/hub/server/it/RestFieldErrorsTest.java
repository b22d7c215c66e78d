package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every argument the hub core refuses comes back through the REST API as 400 whose problem body's
 * {@code target} names the request field at fault, one case per field.
 */
class RestFieldErrorsTest {

  static RunningHub hub;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    hub = RunningHub.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static Stream<Arguments> badFields() {
    String v = "api-version=2024-01-01";
    return Stream.of(
        Arguments.of("userId", "PUT", "/api/hubs/f/users//groups/g?" + v, null, ""),
        Arguments.of("userId", "POST", "/api/hubs/f/users//:send?" + v, "text/plain", "x"),
        Arguments.of("connectionId", "POST", "/api/hubs/f/connections//:send?" + v, "text/plain", "x"),
        Arguments.of("connectionId", "PUT", "/api/hubs/f/permissions/sendToGroup/connections/?" + v, null, ""),
        Arguments.of("group", "PUT", "/api/hubs/f/users/u/groups/%20?" + v, null, ""),
        Arguments.of("group", "DELETE", "/api/hubs/f/groups//connections/c?" + v, null, ""),
        Arguments.of("permission", "PUT", "/api/hubs/f/permissions//connections/c?" + v, null, ""),
        Arguments.of("group", "POST", "/api/hubs/f/:generateToken?group=%20&" + v, null, ""),
        Arguments.of("groups", "POST", "/api/hubs/f/:addToGroups?" + v, "application/json",
            "{\"groups\":[\"ok\",\" \"],\"filter\":\"userId eq 'u'\"}"),
        Arguments.of("targetName", "PUT", "/api/hubs/f/permissions/sendToGroup/connections/c?targetName=%20&" + v, null, ""),
        Arguments.of("targetName", "HEAD", "/api/hubs/f/permissions/sendToGroup/connections/c?targetName=%20&" + v, null, ""),
        Arguments.of("permission", "PUT", "/api/hubs/f/permissions/fly/connections/c?" + v, null, ""),
        Arguments.of("role", "POST", "/api/hubs/f/:generateToken?role=webpubsub.sendToGroups.a*b*c*d*e*f*g&" + v, null, ""),
        Arguments.of("hub", "POST", "/api/hubs/9lives/:send?" + v, "text/plain", "x"),
        Arguments.of("filter", "POST", "/api/hubs/f/:send?filter=userId%20eq&" + v, "text/plain", "x"),
        Arguments.of("messageTtlSeconds", "POST", "/api/hubs/f/:send?messageTtlSeconds=301&" + v, "text/plain", "x"));
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @MethodSource("badFields")
  void aRefusedArgumentIs400NamingItsField(String field, String method, String pathAndQuery, String contentType,
      String body) throws Exception {
    HttpResponse<String> r = call(method, pathAndQuery, contentType, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-ms-error-code")).contains("InvalidArgument");
    if (!method.equals("HEAD")) {
      JsonNode problem = WireClient.JSON.readTree(r.body());
      assertThat(problem.get("target").asText()).as(r.body()).isEqualTo(field);
      assertThat(problem.get("message").asText()).isNotBlank();
    }
  }

  @Test
  void theSameRequestsWithGoodFieldsAreServed() throws Exception {
    String v = "api-version=2024-01-01";
    assertThat(call("PUT", "/api/hubs/f/users/u/groups/g?" + v, null, "").statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/hubs/f/:generateToken?group=g&role=webpubsub.sendToGroups.a*&" + v, null, "")
        .statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/hubs/f/:addToGroups?" + v, "application/json",
        "{\"groups\":[\"ok\"],\"filter\":\"userId eq 'u'\"}").statusCode()).isEqualTo(200);
    assertThat(call("HEAD", "/api/hubs/f/permissions/sendToGroup/connections/c?targetName=g&" + v, null, "")
        .statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> call(String method, String pathAndQuery, String contentType, String body)
      throws Exception {
    String token = Tokens.hs256("{\"aud\":\"" + hub.base() + pathAndQuery + "\",\"exp\":" + (Tokens.now() + 600) + "}",
        RunningHub.KEY);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + pathAndQuery))
        .method(method, method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
