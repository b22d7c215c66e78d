package dev.switchboard.hub;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of hub, group, connection and user names (spec §1.1). Thread-safe (stateless). */
public final class HubNames {
  private static final Pattern HUB = Pattern.compile("[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}");
  /** The longest group name, in UTF-16 chars. */
  public static final int MAX_GROUP_LENGTH = 1024;

  private HubNames() {}

  /**
   * The canonical (lower-case) form of a hub name; hub names are case-insensitive.
   *
   * @throws IllegalArgumentException unless the name is a letter followed by up to 127 letters,
   *     digits or {@code _ ` , . [ ]}
   */
  public static String canonicalHub(String hub) {
    if (hub == null || !HUB.matcher(hub).matches()) {
      throw new InvalidArgumentException("hub", "invalid hub name " + quote(hub)
          + ": use a letter followed by up to 127 letters, digits or _ ` , . [ ]");
    }
    return hub.toLowerCase(Locale.ROOT);
  }

  /**
   * Checks a group name: 1–1024 characters, not all whitespace. Group names are case-sensitive.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireGroup(String group) {
    return requireGroup("group", group);
  }

  /**
   * Checks a group name as {@link #requireGroup(String)} does, naming the argument {@code what}
   * (e.g. {@code groups}, {@code targetName}) in the {@link InvalidArgumentException}.
   */
  public static String requireGroup(String what, String group) {
    if (group == null || group.isEmpty() || group.length() > MAX_GROUP_LENGTH
        || group.isBlank()) {
      throw new InvalidArgumentException(what, "invalid group name " + quote(group)
          + ": use 1 to " + MAX_GROUP_LENGTH + " characters, not all whitespace");
    }
    return group;
  }

  /**
   * Checks a connection or user id: non-empty.
   *
   * @throws IllegalArgumentException otherwise, naming {@code what}
   */
  public static String requireId(String what, String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidArgumentException(what, what + " must not be empty");
    }
    return id;
  }

  /**
   * Checks a role as a connection's roles are read (e.g. {@code webpubsub.sendToGroups.room.*}
   * with at most 5 {@code *}); other roles are kept and mean nothing.
   *
   * @throws InvalidArgumentException naming {@code role} if its group pattern is invalid
   */
  public static String requireRole(String role) {
    try {
      dev.switchboard.hub.internal.Permissions.fromRoles(java.util.List.of(role));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("role", "invalid role '" + role + "': " + e.getMessage());
    }
    return role;
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
  }
}
