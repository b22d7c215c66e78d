package dev.switchboard.hub.server.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One parsed REST call: which operation of the data-plane API (spec §1.2), on which hub, with
 * its path parameters decoded. Immutable and thread-safe.
 *
 * @param operation the operation
 * @param hub the hub name from the path, or null for {@link Operation#HEALTH}
 * @param first the first path parameter (user, connection, group or permission), or null
 * @param second the second path parameter (group or connection), or null
 */
public record RestRoute(Operation operation, String hub, String first, String second) {

  /** Every operation of the data-plane API, with its method and success status. */
  public enum Operation {
    HEALTH("HEAD", 200),
    SEND_TO_ALL("POST", 202),
    SEND_TO_USER("POST", 202),
    SEND_TO_CONNECTION("POST", 202),
    SEND_TO_GROUP("POST", 202),
    CONNECTION_EXISTS("HEAD", 200),
    USER_EXISTS("HEAD", 200),
    GROUP_EXISTS("HEAD", 200),
    CLOSE_CONNECTION("DELETE", 204),
    CLOSE_ALL("POST", 204),
    CLOSE_GROUP("POST", 204),
    CLOSE_USER("POST", 204),
    ADD_CONNECTION_TO_GROUP("PUT", 200),
    REMOVE_CONNECTION_FROM_GROUP("DELETE", 204),
    REMOVE_CONNECTION_FROM_ALL_GROUPS("DELETE", 204),
    ADD_USER_TO_GROUP("PUT", 200),
    REMOVE_USER_FROM_GROUP("DELETE", 204),
    REMOVE_USER_FROM_ALL_GROUPS("DELETE", 204),
    ADD_TO_GROUPS("POST", 200),
    REMOVE_FROM_GROUPS("POST", 200),
    LIST_GROUP_CONNECTIONS("GET", 200),
    GRANT_PERMISSION("PUT", 200),
    REVOKE_PERMISSION("DELETE", 204),
    CHECK_PERMISSION("HEAD", 200),
    GENERATE_TOKEN("POST", 200);

    private final String method;
    private final int successStatus;

    Operation(String method, int successStatus) {
      this.method = method;
      this.successStatus = successStatus;
    }

    public String method() {
      return method;
    }

    /** The status the SDKs require on success (spec §1.1: 202 sends, 200 PUT, 204 DELETE...). */
    public int successStatus() {
      return successStatus;
    }
  }

  /**
   * Parses {@code method} and {@code rawPath} (not decoded: each segment is decoded after
   * splitting, since the SDKs encode a {@code /} inside an id as {@code %2F}).
   *
   * @throws RestProblem 404 for a path that is no operation, 405 (with the allowed methods) for
   *     a known path with another method, 400 for a segment that is not valid percent-encoding
   */
  /** The field a path segment after {@code kind} names (the problem's {@code target}). */
  private static String field(String kind) {
    return switch (kind) {
      case "users" -> "userId";
      case "connections" -> "connectionId";
      case "groups" -> "group";
      case "permissions" -> "permission";
      default -> "path";
    };
  }

  public static RestRoute parse(String method, String rawPath) {
    List<String> s = segments(rawPath);
    String m = method.equals("GET") && s.equals(List.of("api", "health")) ? "HEAD" : method;
    if (s.size() == 2 && s.get(0).equals("api") && s.get(1).equals("health")) {
      return check(m, new RestRoute(Operation.HEALTH, null, null, null), rawPath);
    }
    if (s.size() < 4 || !s.get(0).equals("api") || !s.get(1).equals("hubs") || s.get(2).isEmpty()) {
      throw unknown(method, rawPath);
    }
    String hub = s.get(2);
    List<String> r = s.subList(3, s.size());
    String a = r.size() > 1 ? r.get(1) : null;
    String b = r.size() > 3 ? r.get(3) : null;
    List<Candidate> candidates = new ArrayList<>();
    switch (r.size()) {
      case 1 -> {
        switch (r.get(0)) {
          case ":send" -> candidates.add(new Candidate(Operation.SEND_TO_ALL));
          case ":closeConnections" -> candidates.add(new Candidate(Operation.CLOSE_ALL));
          case ":addToGroups" -> candidates.add(new Candidate(Operation.ADD_TO_GROUPS));
          case ":removeFromGroups" -> candidates.add(new Candidate(Operation.REMOVE_FROM_GROUPS));
          case ":generateToken" -> candidates.add(new Candidate(Operation.GENERATE_TOKEN));
          default -> { }
        }
      }
      case 2 -> {
        switch (r.get(0)) {
          case "users" -> candidates.add(new Candidate(Operation.USER_EXISTS));
          case "groups" -> candidates.add(new Candidate(Operation.GROUP_EXISTS));
          case "connections" -> {
            candidates.add(new Candidate(Operation.CONNECTION_EXISTS));
            candidates.add(new Candidate(Operation.CLOSE_CONNECTION));
          }
          default -> { }
        }
      }
      case 3 -> {
        String kind = r.get(0);
        String action = r.get(2);
        if (action.equals(":send")) {
          switch (kind) {
            case "users" -> candidates.add(new Candidate(Operation.SEND_TO_USER));
            case "connections" -> candidates.add(new Candidate(Operation.SEND_TO_CONNECTION));
            case "groups" -> candidates.add(new Candidate(Operation.SEND_TO_GROUP));
            default -> { }
          }
        } else if (action.equals(":closeConnections")) {
          switch (kind) {
            case "users" -> candidates.add(new Candidate(Operation.CLOSE_USER));
            case "groups" -> candidates.add(new Candidate(Operation.CLOSE_GROUP));
            default -> { }
          }
        } else if (action.equals("groups")) {
          switch (kind) {
            case "users" -> candidates.add(new Candidate(Operation.REMOVE_USER_FROM_ALL_GROUPS));
            case "connections" -> candidates.add(new Candidate(Operation.REMOVE_CONNECTION_FROM_ALL_GROUPS));
            default -> { }
          }
        } else if (action.equals("connections") && kind.equals("groups")) {
          candidates.add(new Candidate(Operation.LIST_GROUP_CONNECTIONS));
        }
      }
      case 4 -> {
        String kind = r.get(0);
        String sub = r.get(2);
        if (kind.equals("groups") && sub.equals("connections")) {
          candidates.add(new Candidate(Operation.ADD_CONNECTION_TO_GROUP));
          candidates.add(new Candidate(Operation.REMOVE_CONNECTION_FROM_GROUP));
        } else if (kind.equals("users") && sub.equals("groups")) {
          candidates.add(new Candidate(Operation.ADD_USER_TO_GROUP));
          candidates.add(new Candidate(Operation.REMOVE_USER_FROM_GROUP));
        } else if (kind.equals("permissions") && sub.equals("connections")) {
          candidates.add(new Candidate(Operation.GRANT_PERMISSION));
          candidates.add(new Candidate(Operation.REVOKE_PERMISSION));
          candidates.add(new Candidate(Operation.CHECK_PERMISSION));
        }
      }
      default -> { }
    }
    if (candidates.isEmpty()) {
      throw unknown(method, rawPath);
    }
    for (Candidate c : candidates) {
      if (c.op.method().equals(method)) {
        if (a != null && a.isEmpty() || b != null && b.isEmpty()) {
          String field = a != null && a.isEmpty() ? field(r.get(0)) : field(r.get(2));
          throw RestProblem.badRequest(field, "an empty " + field + " in " + rawPath + ": ids and names must not be empty");
        }
        return new RestRoute(c.op, hub, a, b);
      }
    }
    throw methodNotAllowed(method, rawPath, candidates.stream().map(c -> c.op.method()).distinct().toList());
  }

  private record Candidate(Operation op) {}

  private static RestRoute check(String method, RestRoute route, String rawPath) {
    if (!route.operation.method().equals(method)) {
      throw methodNotAllowed(method, rawPath, List.of(route.operation.method()));
    }
    return route;
  }

  private static RestProblem unknown(String method, String rawPath) {
    return new RestProblem(404, "NotFound", "no operation " + method + " " + rawPath
        + "; the data-plane API lives under /api/hubs/{hub}/... (see docs/hub.md)", "path");
  }

  private static RestProblem methodNotAllowed(String method, String rawPath, List<String> allowed) {
    return new RestProblem(405, "MethodNotAllowed", rawPath + " does not take " + method + "; use "
        + String.join(" or ", allowed), "method");
  }

  /** The segments of {@code rawPath} after its leading {@code /}, each percent-decoded. */
  static List<String> segments(String rawPath) {
    String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    List<String> out = new ArrayList<>();
    for (String seg : p.split("/", -1)) {
      out.add(decode(seg));
    }
    return out;
  }

  /** Percent-decodes a path segment ({@code +} stays a plus), rejecting bad escapes and bad UTF-8. */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int lo = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw RestProblem.badRequest("path", "bad percent-encoding in path segment '" + segment + "'");
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw RestProblem.badRequest("path", "path segment '" + segment + "' is not UTF-8 after percent-decoding");
    }
  }
}
