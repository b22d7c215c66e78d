package dev.switchboard.websocket;

import java.util.concurrent.CompletionStage;

/**
 * Answers the plain HTTP requests that reach a {@link WebSocketServer}'s port: every request
 * without {@code Upgrade: websocket}. Set with {@link WebSocketServer.Builder#http(HttpService)};
 * without one, such requests get 426 on a WebSocket route and 404 elsewhere.
 *
 * <p>{@link #handle} is called on the connection's event loop and must not block: return a stage
 * that completes later for slow work. Requests on one connection are answered one at a time, in
 * order (HTTP/1.1 keep-alive and pipelining). Bodies are bounded by {@link
 * ServerLimits#maxHttpBodyBytes()} (413 beyond it), and a stage that does not complete within
 * {@link ServerLimits#httpResponseTimeout()} is answered with 503. An exception thrown or a
 * stage completed exceptionally becomes a 500. Implementations must be thread-safe: several
 * event loops call one service.
 */
@FunctionalInterface
public interface HttpService {

  /** The response to {@code request}; the request stays valid after this returns. */
  CompletionStage<HttpResponse> handle(HttpRequest request);
}
