package dev.switchboard.websocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An answer of an {@link HttpService}. Immutable and thread-safe. {@code Content-Length} is set
 * by the server from the body (a {@code HEAD} request gets the headers without the body);
 * {@code Connection} follows the request's keep-alive.
 *
 * @param status the status code, 100-599 (1xx only as {@code 101} is the server's own: use 200-599)
 * @param headers names with their values, in order; names compared case-insensitively by clients
 * @param body the body; empty for none
 */
public record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

  public HttpResponse {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 200-599, was " + status);
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(checkToken(k), List.copyOf(v)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** A response with no body. */
  public static HttpResponse of(int status) {
    return new HttpResponse(status, Map.of(), new byte[0]);
  }

  /** A {@code text/plain; charset=utf-8} response. */
  public static HttpResponse text(int status, String body) {
    return of(status).withBody("text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** An {@code application/json} response; {@code json} must already be JSON text. */
  public static HttpResponse json(int status, String json) {
    return of(status).withBody("application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy with {@code value} added to header {@code name}. */
  public HttpResponse withHeader(String name, String value) {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header " + name + " has a line break in its value");
    }
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
    values.add(value);
    copy.put(name, values);
    return new HttpResponse(status, copy, body);
  }

  /** A copy with this body and its {@code Content-Type} (replacing any earlier one). */
  public HttpResponse withBody(String contentType, byte[] body) {
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    copy.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Type"));
    copy.put("Content-Type", List.of(contentType));
    return new HttpResponse(status, copy, body.clone());
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private static String checkToken(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        throw new IllegalArgumentException("header name '" + name + "' is not an RFC 7230 token");
      }
    }
    return name;
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + headers + ", " + body.length + " B]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse r && r.status == status && r.headers.equals(headers)
        && java.util.Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers) * 31 + java.util.Arrays.hashCode(body);
  }
}
