package dev.switchboard.hub.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.websocket.HttpResponse;

/**
 * A REST request that cannot be served: the HTTP status, Azure's error code (also sent as
 * {@code x-ms-error-code}), a message saying what was wrong and what to do, and the request part
 * at fault ({@code target}: a query parameter, path segment, header or body field). Immutable
 * and thread-safe.
 */
public final class RestProblem extends RuntimeException {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int status;
  private final String code;
  private final String target;

  public RestProblem(int status, String code, String message, String target) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.target = target;
  }

  /** 400 naming the bad request part. */
  public static RestProblem badRequest(String target, String message) {
    return new RestProblem(400, "InvalidArgument", message, target);
  }

  public static RestProblem unauthorized(String message) {
    return new RestProblem(401, "Unauthorized", message, "Authorization");
  }

  public static RestProblem notFound(String message) {
    return new RestProblem(404, "NotFound", message, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The request part at fault, or null. */
  public String target() {
    return target;
  }

  /**
   * The response: JSON {@code {"code","message","target"?}} (Azure's ErrorDetail, read by the
   * SDKs' error handling) and the {@code x-ms-error-code} header. A {@code HEAD} request's body
   * is dropped by the server.
   */
  public HttpResponse toResponse() {
    ObjectNode body = JSON.createObjectNode().put("code", code).put("message", getMessage());
    if (target != null) {
      body.put("target", target);
    }
    HttpResponse r = HttpResponse.json(status, body.toString()).withHeader("x-ms-error-code", code);
    if (status == 401) {
      r = r.withHeader("WWW-Authenticate", "Bearer");
    }
    return r;
  }

  @Override
  public String toString() {
    return "RestProblem[" + status + " " + code + (target == null ? "" : " " + target) + ": " + getMessage() + "]";
  }
}
