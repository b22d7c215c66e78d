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
      throw new IllegalArgumentException("invalid hub name " + quote(hub)
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
    if (group == null || group.isEmpty() || group.length() > MAX_GROUP_LENGTH
        || group.isBlank()) {
      throw new IllegalArgumentException("invalid group name " + quote(group)
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
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return id;
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
  }
}
