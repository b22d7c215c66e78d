package dev.switchboard.websocket;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A client connect that failed, saying at which stage and why. For {@link
 * ConnectFailure#HTTP_STATUS}, the server's status, headers and (up to 64 KiB of) body are kept.
 */
public class WebSocketConnectException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient URI uri;
  private final ConnectFailure failure;
  private final int status;
  private final transient Map<String, List<String>> responseHeaders;
  private final String responseBody;

  public WebSocketConnectException(URI uri, ConnectFailure failure, String message, Throwable cause) {
    this(uri, failure, message, cause, 0, Map.of(), "");
  }

  public WebSocketConnectException(
      URI uri, ConnectFailure failure, String message, Throwable cause,
      int status, Map<String, List<String>> responseHeaders, String responseBody) {
    super(failure + ": " + message + (uri != null ? " (" + uri + ")" : ""), cause);
    this.uri = uri;
    this.failure = failure;
    this.status = status;
    this.responseHeaders = Map.copyOf(responseHeaders);
    this.responseBody = responseBody == null ? "" : responseBody;
  }

  public URI uri() {
    return uri;
  }

  public ConnectFailure failure() {
    return failure;
  }

  /** The HTTP status of a refused upgrade, or 0. */
  public int status() {
    return status;
  }

  /** The headers of a refused upgrade's response (lower-case names), or empty. */
  public Map<String, List<String>> responseHeaders() {
    return responseHeaders;
  }

  /**
   * Whether a retry may succeed: {@link ConnectFailure#isRetryable()}, and for {@link
   * ConnectFailure#HTTP_STATUS} a 5xx or 429 answer (never another 4xx such as 401 or 403).
   */
  public boolean isRetryable() {
    if (failure == ConnectFailure.HTTP_STATUS) {
      return status >= 500 || status == 429;
    }
    return failure.isRetryable();
  }

  /** The body of a refused upgrade's response (at most 64 KiB), or empty. */
  public String responseBody() {
    return responseBody;
  }
}
