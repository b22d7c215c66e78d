package dev.switchboard.hub.engine;

import java.util.Objects;

/**
 * Whom a publication or a control command addresses within a hub: every connection, a group, a
 * user's connections, or one connection. Thread-safe (immutable).
 *
 * @param kind the kind of address
 * @param name the group, user or connection id; null for {@link Kind#ALL}
 */
public record Target(Kind kind, String name) {
  /** The kinds of address; an engine may map each to a channel ({@code hub:group:name}). */
  public enum Kind { ALL, GROUP, USER, CONNECTION }

  private static final Target ALL = new Target(Kind.ALL, null);

  public Target {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.ALL) != (name == null)) {
      throw new IllegalArgumentException(kind + " target " + (name == null ? "needs" : "takes no")
          + " name");
    }
  }

  public static Target all() {
    return ALL;
  }

  public static Target group(String group) {
    return new Target(Kind.GROUP, group);
  }

  public static Target user(String userId) {
    return new Target(Kind.USER, userId);
  }

  public static Target connection(String connectionId) {
    return new Target(Kind.CONNECTION, connectionId);
  }
}
