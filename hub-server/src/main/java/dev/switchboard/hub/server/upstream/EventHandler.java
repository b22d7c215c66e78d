package dev.switchboard.hub.server.upstream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One upstream event handler of a hub (spec §4.1): where events go and which ones. Immutable and
 * thread-safe.
 *
 * @param urlTemplate an absolute http(s) URL; {@code {hub}} and {@code {event}} are replaced
 *     (URL-encoded) in the path and query, never in the host
 * @param userEventPattern {@code *} for every user event, a name, a comma-separated list of names,
 *     or empty/null for none
 * @param systemEvents the system events this handler receives
 */
public record EventHandler(String urlTemplate, String userEventPattern, Set<SystemEvent> systemEvents) {

  public EventHandler {
    Objects.requireNonNull(urlTemplate, "urlTemplate");
    systemEvents = systemEvents.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(systemEvents));
    userEventPattern = userEventPattern == null ? "" : userEventPattern.strip();
    URI probe;
    try {
      probe = URI.create(urlTemplate.replace("{hub}", "hub").replace("{event}", "event"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("urlTemplate '" + urlTemplate + "' is not a URL: " + e.getMessage());
    }
    String scheme = probe.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || probe.getHost() == null) {
      throw new IllegalArgumentException("urlTemplate '" + urlTemplate + "' must be an absolute http(s) URL");
    }
    String authority = urlTemplate.substring(urlTemplate.indexOf("://") + 3).split("[/?#]", 2)[0];
    if (authority.contains("{")) {
      throw new IllegalArgumentException("urlTemplate '" + urlTemplate + "' has a placeholder in the host; only the path and query may have them");
    }
  }

  /** A handler for every user event and the given system events. */
  public static EventHandler of(String urlTemplate, SystemEvent... systemEvents) {
    return new EventHandler(urlTemplate, "*", Set.of(systemEvents));
  }

  /** Whether user event {@code event} matches {@link #userEventPattern()} (names compare exactly). */
  public boolean handlesUserEvent(String event) {
    if (userEventPattern.equals("*")) {
      return true;
    }
    return !userEventPattern.isEmpty()
        && Arrays.stream(userEventPattern.split(",")).map(String::strip).anyMatch(event::equals);
  }

  public boolean handlesSystemEvent(SystemEvent event) {
    return systemEvents.contains(event);
  }

  /** The URL for one event of one hub. */
  public URI url(String hub, String event) {
    return URI.create(urlTemplate.replace("{hub}", encode(hub)).replace("{event}", encode(event)));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
