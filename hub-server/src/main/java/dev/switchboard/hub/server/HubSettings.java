package dev.switchboard.hub.server;

import dev.switchboard.hub.server.upstream.EventHandler;
import java.time.Duration;
import java.util.List;

/**
 * The settings of one hub, after Azure's hub settings (spec §4.1). Immutable and thread-safe.
 *
 * @param eventHandlers upstream handlers in order: the first whose filter matches an event gets
 *     it; an event no handler matches is not sent (a {@code connect} then succeeds on the access
 *     token alone, a user event fails with an error ack)
 * @param allowAnonymous whether clients may connect without an access token
 *     ({@code anonymousConnectPolicy: allow}; default deny)
 * @param keepAliveInterval how often the hub pings an idle client (Azure's
 *     {@code webSocketKeepAliveIntervalInSeconds}): 1 to 120 s, default 20 s
 */
public record HubSettings(List<EventHandler> eventHandlers, boolean allowAnonymous, Duration keepAliveInterval) {

  /** Default keep-alive interval: 20 s. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(20);

  /** No handlers, anonymous clients denied, keep-alive every 20 s: what a hub created on first use gets. */
  public static final HubSettings DEFAULT = new HubSettings(List.of(), false, DEFAULT_KEEP_ALIVE);

  public HubSettings {
    eventHandlers = List.copyOf(eventHandlers);
    if (keepAliveInterval == null) {
      keepAliveInterval = DEFAULT_KEEP_ALIVE;
    }
    if (keepAliveInterval.compareTo(Duration.ofSeconds(1)) < 0 || keepAliveInterval.compareTo(Duration.ofSeconds(120)) > 0) {
      throw new IllegalArgumentException("keepAliveIntervalSeconds must be 1 to 120, was " + keepAliveInterval.toSeconds());
    }
  }

  public HubSettings withEventHandlers(List<EventHandler> handlers) {
    return new HubSettings(handlers, allowAnonymous, keepAliveInterval);
  }

  public HubSettings withAllowAnonymous(boolean allow) {
    return new HubSettings(eventHandlers, allow, keepAliveInterval);
  }

  public HubSettings withKeepAliveInterval(Duration interval) {
    return new HubSettings(eventHandlers, allowAnonymous, interval);
  }
}
