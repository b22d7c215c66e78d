package dev.switchboard.hub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.server.rest.RestRoute.Operation;
import org.junit.jupiter.api.Test;

/** The route table of spec §1.2: every row, decoded segments, 404/405/400. */
class RestRouteTest {

  private static void route(String method, String path, Operation op, String hub, String a, String b) {
    assertThat(RestRoute.parse(method, path)).isEqualTo(new RestRoute(op, hub, a, b));
  }

  @Test
  void everyRowOfTheOperationTableParses() {
    route("HEAD", "/api/health", Operation.HEALTH, null, null, null);
    route("POST", "/api/hubs/h/:send", Operation.SEND_TO_ALL, "h", null, null);
    route("POST", "/api/hubs/h/users/u/:send", Operation.SEND_TO_USER, "h", "u", null);
    route("POST", "/api/hubs/h/connections/c/:send", Operation.SEND_TO_CONNECTION, "h", "c", null);
    route("POST", "/api/hubs/h/groups/g/:send", Operation.SEND_TO_GROUP, "h", "g", null);
    route("HEAD", "/api/hubs/h/connections/c", Operation.CONNECTION_EXISTS, "h", "c", null);
    route("HEAD", "/api/hubs/h/users/u", Operation.USER_EXISTS, "h", "u", null);
    route("HEAD", "/api/hubs/h/groups/g", Operation.GROUP_EXISTS, "h", "g", null);
    route("DELETE", "/api/hubs/h/connections/c", Operation.CLOSE_CONNECTION, "h", "c", null);
    route("POST", "/api/hubs/h/:closeConnections", Operation.CLOSE_ALL, "h", null, null);
    route("POST", "/api/hubs/h/groups/g/:closeConnections", Operation.CLOSE_GROUP, "h", "g", null);
    route("POST", "/api/hubs/h/users/u/:closeConnections", Operation.CLOSE_USER, "h", "u", null);
    route("PUT", "/api/hubs/h/groups/g/connections/c", Operation.ADD_CONNECTION_TO_GROUP, "h", "g", "c");
    route("DELETE", "/api/hubs/h/groups/g/connections/c", Operation.REMOVE_CONNECTION_FROM_GROUP, "h", "g", "c");
    route("DELETE", "/api/hubs/h/connections/c/groups", Operation.REMOVE_CONNECTION_FROM_ALL_GROUPS, "h", "c", null);
    route("PUT", "/api/hubs/h/users/u/groups/g", Operation.ADD_USER_TO_GROUP, "h", "u", "g");
    route("DELETE", "/api/hubs/h/users/u/groups/g", Operation.REMOVE_USER_FROM_GROUP, "h", "u", "g");
    route("DELETE", "/api/hubs/h/users/u/groups", Operation.REMOVE_USER_FROM_ALL_GROUPS, "h", "u", null);
    route("POST", "/api/hubs/h/:addToGroups", Operation.ADD_TO_GROUPS, "h", null, null);
    route("POST", "/api/hubs/h/:removeFromGroups", Operation.REMOVE_FROM_GROUPS, "h", null, null);
    route("GET", "/api/hubs/h/groups/g/connections", Operation.LIST_GROUP_CONNECTIONS, "h", "g", null);
    route("PUT", "/api/hubs/h/permissions/sendToGroup/connections/c", Operation.GRANT_PERMISSION, "h", "sendToGroup", "c");
    route("DELETE", "/api/hubs/h/permissions/joinLeaveGroup/connections/c", Operation.REVOKE_PERMISSION, "h", "joinLeaveGroup", "c");
    route("HEAD", "/api/hubs/h/permissions/sendToGroup/connections/c", Operation.CHECK_PERMISSION, "h", "sendToGroup", "c");
    route("POST", "/api/hubs/h/:generateToken", Operation.GENERATE_TOKEN, "h", null, null);
    assertThat(Operation.values()).hasSize(25);
  }

  @Test
  void segmentsAreDecodedAfterSplittingSoAnEncodedSlashStaysInTheId() {
    route("POST", "/api/hubs/h/users/user%2F1/:send", Operation.SEND_TO_USER, "h", "user/1", null);
    route("HEAD", "/api/hubs/h/groups/grp%201", Operation.GROUP_EXISTS, "h", "grp 1", null);
    route("PUT", "/api/hubs/h/groups/%C3%A9t%C3%A9/connections/a%3Ab", Operation.ADD_CONNECTION_TO_GROUP, "h", "été", "a:b");
  }

  @Test
  void unknownPathsAre404AndNameThePath() {
    for (String path : new String[] {"/", "/api", "/api/hubs", "/api/hubs/h", "/api/hubs/h/:nope", "/api/hubs/h/users/u/:nope",
        "/api/hubs/h/things/x", "/other/hubs/h/:send", "/api/hubs/h/groups/g/connections/c/extra"}) {
      assertThatThrownBy(() -> RestRoute.parse("POST", path))
          .isInstanceOfSatisfying(RestProblem.class, p -> {
            assertThat(p.status()).isEqualTo(404);
            assertThat(p.getMessage()).contains(path);
          });
    }
  }

  @Test
  void aKnownPathWithAnotherMethodIs405NamingTheAllowedOnes() {
    assertThatThrownBy(() -> RestRoute.parse("GET", "/api/hubs/h/:send"))
        .isInstanceOfSatisfying(RestProblem.class, p -> {
          assertThat(p.status()).isEqualTo(405);
          assertThat(p.getMessage()).contains("POST");
        });
    assertThatThrownBy(() -> RestRoute.parse("POST", "/api/hubs/h/permissions/p/connections/c"))
        .isInstanceOfSatisfying(RestProblem.class, p -> assertThat(p.getMessage()).contains("PUT or DELETE or HEAD"));
  }

  @Test
  void badPercentEncodingIs400() {
    for (String path : new String[] {"/api/hubs/h/users/a%2/:send", "/api/hubs/h/users/a%zz/:send", "/api/hubs/h/users/%FF/:send"}) {
      assertThatThrownBy(() -> RestRoute.parse("POST", path))
          .isInstanceOfSatisfying(RestProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    }
  }

  @Test
  void emptyIdsAre400() {
    assertThatThrownBy(() -> RestRoute.parse("POST", "/api/hubs/h/users//:send"))
        .isInstanceOfSatisfying(RestProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  @Test
  void problemResponsesCarryJsonAndTheErrorCodeHeader() {
    var r = RestProblem.badRequest("messageTtlSeconds", "messageTtlSeconds must be 0 to 300").toResponse();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("x-ms-error-code")).isEqualTo("InvalidArgument");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"code\":\"InvalidArgument\",\"message\":\"messageTtlSeconds must be 0 to 300\",\"target\":\"messageTtlSeconds\"}");
  }
}
