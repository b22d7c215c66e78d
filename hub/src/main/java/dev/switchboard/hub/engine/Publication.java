package dev.switchboard.hub.engine;

import dev.switchboard.hub.ConnectionFilter;
import dev.switchboard.hub.Message;
import java.util.Objects;
import java.util.Set;

/**
 * A message on its way through the {@link Broker} to every node holding a receiving connection.
 * Each node delivers it to its own connections of {@link #target()}, minus {@link #excluded()}
 * and those {@link #filter()} rejects. Thread-safe (immutable). A cluster engine serializes the
 * message's fields and the filter's {@link ConnectionFilter#text()}.
 *
 * @param hub the canonical hub name
 * @param target who receives it
 * @param message the envelope
 * @param excluded connection ids that do not receive it
 * @param filter an OData filter over receivers, or null
 */
public record Publication(String hub, Target target, Message message, Set<String> excluded,
    ConnectionFilter filter) {
  public Publication {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(message, "message");
    excluded = Set.copyOf(excluded);
  }
}
