package dev.switchboard.hub.server;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One upstream event handler of a hub, as Azure's hub settings describe it (spec §4.1).
 * Immutable and thread-safe.
 *
 * @param urlTemplate the handler URL, {@code http} or {@code https}, with optional placeholders
 *     {@code {hub}} and {@code {event}} (not in the host), e.g.
 *     {@code http://127.0.0.1:3000/api/webpubsub/hubs/{hub}/{event}}
 * @param userEventPattern which user events go to this handler: {@code *}, one name, or a comma
 *     list {@code a,b}; empty for none
 * @param systemEvents the system events this handler receives: a subset of {@code connect},
 *     {@code connected}, {@code disconnected}
 */
public record EventHandlerSettings(String urlTemplate, String userEventPattern, List<String> systemEvents) {

  /** The system events a handler may subscribe to. */
  public static final Set<String> SYSTEM_EVENTS = Set.of("connect", "connected", "disconnected");

  public EventHandlerSettings {
    if (urlTemplate == null || urlTemplate.isBlank()) {
      throw new IllegalArgumentException("an event handler needs a urlTemplate");
    }
    String lower = urlTemplate.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException("urlTemplate must be an http:// or https:// URL, was '" + urlTemplate + "'");
    }
    int hostEnd = urlTemplate.indexOf('/', lower.indexOf("://") + 3);
    String authority = hostEnd < 0 ? urlTemplate : urlTemplate.substring(0, hostEnd);
    if (authority.contains("{")) {
      throw new IllegalArgumentException("urlTemplate may not have placeholders in its host: '" + urlTemplate + "'");
    }
    userEventPattern = userEventPattern == null ? "" : userEventPattern.strip();
    systemEvents = List.copyOf(systemEvents == null ? List.of() : systemEvents);
    for (String e : systemEvents) {
      if (!SYSTEM_EVENTS.contains(e)) {
        throw new IllegalArgumentException("systemEvents may hold connect, connected, disconnected; not '" + e + "'");
      }
    }
  }

  /** A handler for every user event and every system event. */
  public static EventHandlerSettings all(String urlTemplate) {
    return new EventHandlerSettings(urlTemplate, "*", List.of("connect", "connected", "disconnected"));
  }

  /** Whether this handler takes the user event {@code event}. */
  public boolean matchesUserEvent(String event) {
    if (userEventPattern.equals("*")) {
      return true;
    }
    for (String name : userEventPattern.split(",")) {
      if (name.strip().equals(event)) {
        return true;
      }
    }
    return false;
  }
}
