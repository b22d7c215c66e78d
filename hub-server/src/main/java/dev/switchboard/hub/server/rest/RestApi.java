package dev.switchboard.hub.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.FilterException;
import dev.switchboard.hub.GroupMember;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubNames;
import dev.switchboard.hub.HubService;
import dev.switchboard.hub.InvalidArgumentException;
import dev.switchboard.hub.Page;
import dev.switchboard.hub.Permission;
import dev.switchboard.hub.SendOptions;
import dev.switchboard.hub.server.auth.AuthException;
import dev.switchboard.hub.server.auth.ClientToken;
import dev.switchboard.hub.server.auth.ClientTokens;
import dev.switchboard.hub.server.auth.RequestAuthenticator;
import dev.switchboard.websocket.HttpRequest;
import dev.switchboard.websocket.HttpResponse;
import dev.switchboard.websocket.HttpService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure Web PubSub's data-plane REST API (spec §1) on a {@link HubService}: route, authenticate
 * (HS256 bearer JWT whose {@code aud} is the request URL), check {@code api-version}, map the
 * operation onto {@link Hub}. Errors are JSON problems ({@link RestProblem}): 404 unknown route,
 * 405 wrong method, 401 missing or bad token, 400 naming the bad field. Thread-safe.
 */
public final class RestApi implements HttpService {

  private static final Logger log = LoggerFactory.getLogger(RestApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
  /** The largest {@code minutesToExpire} of {@code :generateToken}: one year. */
  static final int MAX_TOKEN_MINUTES = 525_600;

  private final HubService hubs;
  private final RequestAuthenticator authenticator;
  private final ClientTokens clientTokens;
  private final URI publicEndpoint;
  private final Function<String, Boolean> hubAllowed;

  /**
   * @param publicEndpoint the endpoint client tokens name, or null to use the request's origin
   * @param hubAllowed whether a hub name (as requested) may be used; false answers 404
   */
  public RestApi(HubService hubs, RequestAuthenticator authenticator, ClientTokens clientTokens, URI publicEndpoint,
      Function<String, Boolean> hubAllowed) {
    this.hubs = hubs;
    this.authenticator = authenticator;
    this.clientTokens = clientTokens;
    this.publicEndpoint = publicEndpoint;
    this.hubAllowed = hubAllowed;
  }

  @Override
  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    try {
      RestRoute route = RestRoute.parse(request.method(), request.rawPath());
      if (route.operation() == RestRoute.Operation.HEALTH) {
        return CompletableFuture.completedFuture(HttpResponse.of(200));
      }
      authenticate(request);
      String apiVersion = request.queryParam("api-version");
      if (apiVersion == null || apiVersion.isBlank()) {
        throw RestProblem.badRequest("api-version", "the query parameter api-version is required, e.g. ?api-version=2024-01-01");
      }
      if (!API_VERSION.matcher(apiVersion).matches()) {
        throw RestProblem.badRequest("api-version", "api-version must look like 2024-01-01, was '" + apiVersion + "'");
      }
      Hub hub = hub(route.hub());
      return execute(route, hub, request)
          .exceptionally(RestApi::problemOf)
          .thenApply(r -> r);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(problemOf(e));
    }
  }

  private void authenticate(HttpRequest request) {
    try {
      authenticator.authenticate(request.header("Authorization"), URI.create(request.absoluteUrl()));
    } catch (AuthException e) {
      throw RestProblem.unauthorized(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw RestProblem.unauthorized("the request URL cannot be checked against the token's aud: " + e.getMessage());
    }
  }

  private Hub hub(String name) {
    Hub hub;
    try {
      hub = hubs.findHub(name).orElse(null);
      if (hub == null) {
        if (!hubAllowed.apply(name)) {
          throw new RestProblem(404, "NotFound", "no hub named '" + name + "' is declared", "hub");
        }
        hub = hubs.hub(name);
      }
    } catch (IllegalArgumentException e) {
      throw RestProblem.badRequest("hub", e.getMessage());
    }
    return hub;
  }

  private static HttpResponse problemOf(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof RestProblem p) {
      return p.toResponse();
    }
    if (e instanceof FilterException f) {
      return RestProblem.badRequest("filter", f.getMessage()).toResponse();
    }
    if (e instanceof InvalidArgumentException iae) {
      return RestProblem.badRequest(field(iae.argument()), iae.getMessage()).toResponse();
    }
    if (e instanceof IllegalArgumentException iae) {
      log.debug("a core IllegalArgumentException without the argument's name", iae);
      return RestProblem.badRequest(null, iae.getMessage()).toResponse();
    }
    if (e instanceof UnsupportedOperationException u) {
      return new RestProblem(501, "NotImplemented", u.getMessage(), null).toResponse();
    }
    log.warn("REST request failed", e);
    return new RestProblem(500, "InternalServerError", "the hub failed: " + e, null).toResponse();
  }

  /** The request field a core argument comes from: the same name but where the REST API differs. */
  static String field(String coreArgument) {
    return "targetGroup".equals(coreArgument) ? "targetName" : coreArgument;
  }

  private CompletableFuture<HttpResponse> execute(RestRoute route, Hub hub, HttpRequest req) {
    RestRoute.Operation op = route.operation();
    int ok = op.successStatus();
    String a = route.first();
    String b = route.second();
    groupName(op, a, b);
    return switch (op) {
      case HEALTH -> done(ok);
      case SEND_TO_ALL -> send(req, ok, (type, body, options) -> hub.sendToAll(type, body, options), true, true);
      case SEND_TO_USER -> send(req, ok, (type, body, options) -> hub.sendToUser(a, type, body, options), false, true);
      case SEND_TO_CONNECTION -> send(req, ok, (type, body, options) -> hub.sendToConnection(a, type, body, options), false, false);
      case SEND_TO_GROUP -> send(req, ok, (type, body, options) -> hub.sendToGroup(a, type, body, options), true, true);
      case CONNECTION_EXISTS -> exists(hub.connectionExists(a));
      case USER_EXISTS -> exists(hub.userExists(a));
      case GROUP_EXISTS -> exists(hub.groupExists(a));
      case CLOSE_CONNECTION -> hub.closeConnection(a, reason(req)).thenApply(v -> HttpResponse.of(ok));
      case CLOSE_ALL -> hub.closeAllConnections(excluded(req), reason(req)).thenApply(v -> HttpResponse.of(ok));
      case CLOSE_GROUP -> hub.closeGroupConnections(a, excluded(req), reason(req)).thenApply(v -> HttpResponse.of(ok));
      case CLOSE_USER -> hub.closeUserConnections(a, excluded(req), reason(req)).thenApply(v -> HttpResponse.of(ok));
      case ADD_CONNECTION_TO_GROUP -> hub.addConnectionToGroup(a, b).thenApply(found -> found ? HttpResponse.of(ok)
          : RestProblem.notFound("no connection '" + b + "' in hub '" + hub.name() + "'").toResponse());
      case REMOVE_CONNECTION_FROM_GROUP -> hub.removeConnectionFromGroup(a, b).thenApply(v -> HttpResponse.of(ok));
      case REMOVE_CONNECTION_FROM_ALL_GROUPS -> hub.removeConnectionFromAllGroups(a).thenApply(v -> HttpResponse.of(ok));
      // Azure answers 200 whether or not the user has connections now (spec §1.2).
      case ADD_USER_TO_GROUP -> hub.addUserToGroup(a, b).thenApply(v -> HttpResponse.of(ok));
      case REMOVE_USER_FROM_GROUP -> hub.removeUserFromGroup(a, b).thenApply(v -> HttpResponse.of(ok));
      case REMOVE_USER_FROM_ALL_GROUPS -> hub.removeUserFromAllGroups(a).thenApply(v -> HttpResponse.of(ok));
      case ADD_TO_GROUPS -> {
        GroupsBody body = groupsBody(req);
        yield hub.addConnectionsToGroups(body.groups, body.filter).thenApply(v -> HttpResponse.of(ok));
      }
      case REMOVE_FROM_GROUPS -> {
        GroupsBody body = groupsBody(req);
        yield hub.removeConnectionsFromGroups(body.groups, body.filter).thenApply(v -> HttpResponse.of(ok));
      }
      case LIST_GROUP_CONNECTIONS -> list(req, hub, a);
      case GRANT_PERMISSION -> hub.grantPermission(permission(a), b, targetName(req))
          .thenApply(found -> found ? HttpResponse.of(ok)
              : RestProblem.notFound("no connection '" + b + "' in hub '" + hub.name() + "'").toResponse());
      case REVOKE_PERMISSION -> hub.revokePermission(permission(a), b, targetName(req)).thenApply(v -> HttpResponse.of(ok));
      case CHECK_PERMISSION -> exists(hub.checkPermission(permission(a), b, targetName(req)));
      case GENERATE_TOKEN -> generateToken(req, route.hub());
    };
  }

  private static CompletableFuture<HttpResponse> done(int status) {
    return CompletableFuture.completedFuture(HttpResponse.of(status));
  }

  private static CompletableFuture<HttpResponse> exists(CompletableFuture<Boolean> exists) {
    return exists.thenApply(e -> e ? HttpResponse.of(200)
        : HttpResponse.of(404).withHeader("x-ms-error-code", "NotFound"));
  }

  @FunctionalInterface
  private interface Sender {
    CompletableFuture<Void> send(DataType type, byte[] body, SendOptions options);
  }

  private static CompletableFuture<HttpResponse> send(HttpRequest req, int ok, Sender sender, boolean takesExcluded,
      boolean takesFilter) {
    DataType type = contentType(req);
    byte[] body = req.body();
    if (type == DataType.JSON) {
      try {
        JsonNode node = JSON.readTree(body);
        if (node == null || node.isMissingNode()) {
          throw RestProblem.badRequest("body", "the body is empty; with Content-Type application/json send one JSON value");
        }
      } catch (IOException e) {
        throw RestProblem.badRequest("body", "the body is not JSON (Content-Type is application/json): "
            + e.getMessage().lines().findFirst().orElse(""));
      }
    } else if (type == DataType.TEXT && !isUtf8(body)) {
      throw RestProblem.badRequest("body", "the text/plain body is not valid UTF-8");
    }
    SendOptions options = SendOptions.NONE;
    if (takesExcluded) {
      options = options.withExcluded(new LinkedHashSet<>(req.queryParams("excluded")));
    }
    String filter = req.queryParam("filter");
    if (filter != null && takesFilter) {
      options = options.withFilter(filter);
    }
    String ttl = req.queryParam("messageTtlSeconds");
    if (ttl != null) {
      int seconds = integer("messageTtlSeconds", ttl);
      if (seconds < 0 || seconds > SendOptions.MAX_TTL_SECONDS) {
        throw RestProblem.badRequest("messageTtlSeconds",
            "messageTtlSeconds must be 0 (never expires) to " + SendOptions.MAX_TTL_SECONDS + ", was " + seconds);
      }
      options = options.withTtl(Duration.ofSeconds(seconds));
    }
    try {
      return sender.send(type, body, options).thenApply(v -> HttpResponse.of(ok));
    } catch (FilterException e) {
      throw RestProblem.badRequest("filter", e.getMessage());
    }
  }

  private static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** The message type from {@code Content-Type}: exactly the three the SDKs send (spec §1.1). */
  static DataType contentType(HttpRequest req) {
    String ct = req.header("Content-Type");
    if (ct == null) {
      throw RestProblem.badRequest("Content-Type",
          "Content-Type is required: application/json, text/plain or application/octet-stream");
    }
    String base = ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return switch (base) {
      case "application/json" -> DataType.JSON;
      case "text/plain" -> DataType.TEXT;
      case "application/octet-stream" -> DataType.BINARY;
      default -> throw new RestProblem(415, "UnsupportedMediaType", "Content-Type '" + ct
          + "' is not supported; use application/json, text/plain or application/octet-stream", "Content-Type");
    };
  }

  private static String reason(HttpRequest req) {
    String r = req.queryParam("reason");
    return r == null ? "" : r;
  }

  private static java.util.Set<String> excluded(HttpRequest req) {
    return new LinkedHashSet<>(req.queryParams("excluded"));
  }

  /** A group name in the path is checked here so that the 400 names the {@code group} field. */
  private static void groupName(RestRoute.Operation op, String first, String second) {
    String group = switch (op) {
      case SEND_TO_GROUP, GROUP_EXISTS, CLOSE_GROUP, ADD_CONNECTION_TO_GROUP, REMOVE_CONNECTION_FROM_GROUP,
          LIST_GROUP_CONNECTIONS -> first;
      case ADD_USER_TO_GROUP, REMOVE_USER_FROM_GROUP -> second;
      default -> null;
    };
    if (group != null) {
      try {
        HubNames.requireGroup(group);
      } catch (IllegalArgumentException e) {
        throw RestProblem.badRequest("group", e.getMessage());
      }
    }
  }

  private static String targetName(HttpRequest req) {
    String t = req.queryParam("targetName");
    return t == null || t.isEmpty() ? null : t;
  }

  private static Permission permission(String name) {
    try {
      return Permission.parse(name);
    } catch (IllegalArgumentException e) {
      throw RestProblem.badRequest("permission", e.getMessage());
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw RestProblem.badRequest(name, name + " must be a whole number, was '" + value + "'");
    }
  }

  private record GroupsBody(List<String> groups, String filter) {}

  private static GroupsBody groupsBody(HttpRequest req) {
    JsonNode root;
    try {
      root = JSON.readTree(req.body());
    } catch (IOException e) {
      throw RestProblem.badRequest("body", "the body must be JSON {\"groups\":[...],\"filter\":\"...\"}: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw RestProblem.badRequest("body", "the body must be a JSON object {\"groups\":[...],\"filter\":\"...\"}");
    }
    JsonNode groups = root.get("groups");
    if (groups == null || !groups.isArray() || groups.isEmpty()) {
      throw RestProblem.badRequest("groups", "groups must be a non-empty array of group names");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode g : groups) {
      if (!g.isTextual()) {
        throw RestProblem.badRequest("groups", "groups must hold strings, found " + g.getNodeType());
      }
      list.add(g.textValue());
    }
    JsonNode filter = root.get("filter");
    if (filter != null && !filter.isNull() && !filter.isTextual()) {
      throw RestProblem.badRequest("filter", "filter must be a string (an OData filter)");
    }
    return new GroupsBody(list, filter == null || filter.isNull() ? null : filter.textValue());
  }

  private CompletableFuture<HttpResponse> list(HttpRequest req, Hub hub, String group) {
    int max = hubs.limits().maxPageSize();
    String mp = req.queryParam("maxpagesize");
    int pageSize = mp == null ? max : integer("maxpagesize", mp);
    if (pageSize < 1 || pageSize > max) {
      throw RestProblem.badRequest("maxpagesize", "maxpagesize must be 1 to " + max + ", was " + pageSize);
    }
    String topText = req.queryParam("top");
    Integer top = null;
    if (topText != null) {
      top = integer("top", topText);
      if (top < 1) {
        throw RestProblem.badRequest("top", "top must be at least 1, was " + top);
      }
      pageSize = Math.min(pageSize, top);
    }
    Integer remaining = top;
    int size = pageSize;
    return hub.listGroupMembers(group, pageSize, req.queryParam("continuationToken")).thenApply((Page<GroupMember> page) -> {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode value = body.putArray("value");
      for (GroupMember m : page.items()) {
        ObjectNode item = value.addObject().put("connectionId", m.connectionId());
        if (m.userId() != null) {
          item.put("userId", m.userId());
        }
      }
      int left = remaining == null ? Integer.MAX_VALUE : remaining - page.items().size();
      if (page.hasMore() && left > 0) {
        body.put("nextLink", nextLink(req, size, remaining == null ? null : left, page.continuationToken()));
      }
      return HttpResponse.json(200, body.toString());
    });
  }

  private static String nextLink(HttpRequest req, int pageSize, Integer top, String token) {
    String url = req.absoluteUrl();
    int q = url.indexOf('?');
    StringBuilder s = new StringBuilder(q < 0 ? url : url.substring(0, q));
    s.append("?api-version=").append(enc(req.queryParam("api-version")));
    s.append("&maxpagesize=").append(pageSize);
    if (top != null) {
      s.append("&top=").append(top);
    }
    s.append("&continuationToken=").append(enc(token));
    return s.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private CompletableFuture<HttpResponse> generateToken(HttpRequest req, String hubName) {
    String userId = req.queryParam("userId");
    if (userId != null && userId.isEmpty()) {
      userId = null;
    }
    int minutes = 60;
    String m = req.queryParam("minutesToExpire");
    if (m != null) {
      minutes = integer("minutesToExpire", m);
      if (minutes < 1 || minutes > MAX_TOKEN_MINUTES) {
        throw RestProblem.badRequest("minutesToExpire", "minutesToExpire must be 1 to " + MAX_TOKEN_MINUTES + ", was " + minutes);
      }
    }
    String clientType = req.queryParam("clientType");
    if (clientType != null && !clientType.equalsIgnoreCase("Default")) {
      throw RestProblem.badRequest("clientType", "clientType '" + clientType + "' is not supported; only Default (MQTT is not served)");
    }
    req.queryParams("role").forEach(HubNames::requireRole);
    req.queryParams("group").forEach(HubNames::requireGroup);
    URI endpoint = publicEndpoint != null ? publicEndpoint : origin(req);
    ClientToken token = clientTokens.issue(endpoint, hubName, userId, req.queryParams("role"), req.queryParams("group"),
        Duration.ofMinutes(minutes));
    return CompletableFuture.completedFuture(
        HttpResponse.json(200, JSON.createObjectNode().put("token", token.token()).toString()));
  }

  private static URI origin(HttpRequest req) {
    URI u = URI.create(req.absoluteUrl());
    return URI.create(u.getScheme() + "://" + u.getRawAuthority());
  }

  @Override
  public String toString() {
    return "RestApi[" + hubs + "]";
  }
}
