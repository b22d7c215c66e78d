package dev.switchboard.hub.server.upstream;

import java.util.List;
import java.util.Optional;

/**
 * A hub's ordered handler list: the first handler whose filter matches an event gets it; an event
 * no handler matches is not sent (spec §4.1). Immutable and thread-safe.
 */
public record EventHandlers(List<EventHandler> handlers) {

  public static final EventHandlers NONE = new EventHandlers(List.of());

  public EventHandlers {
    handlers = List.copyOf(handlers);
  }

  public static EventHandlers of(EventHandler... handlers) {
    return new EventHandlers(List.of(handlers));
  }

  public Optional<EventHandler> forUserEvent(String event) {
    return handlers.stream().filter(h -> h.handlesUserEvent(event)).findFirst();
  }

  public Optional<EventHandler> forSystemEvent(SystemEvent event) {
    return handlers.stream().filter(h -> h.handlesSystemEvent(event)).findFirst();
  }
}
