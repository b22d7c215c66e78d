package dev.switchboard.hub.server.upstream;

import java.util.Locale;
import java.util.Optional;

/** The system events a handler may subscribe to (spec §4.1). Immutable and thread-safe. */
public enum SystemEvent {
  /** Blocking: decides whether the client may connect. */
  CONNECT,
  /** Non-blocking: the client got {@code system/connected}. */
  CONNECTED,
  /** Non-blocking: the connection is gone for good. */
  DISCONNECTED;

  /** The {@code ce-eventName} and {@code {event}} value: {@code connect}, {@code connected}, {@code disconnected}. */
  public String eventName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The {@code ce-type}: {@code azure.webpubsub.sys.<event>}. */
  public String ceType() {
    return "azure.webpubsub.sys." + eventName();
  }

  public static Optional<SystemEvent> of(String name) {
    for (SystemEvent e : values()) {
      if (e.eventName().equalsIgnoreCase(name.strip())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
