package dev.switchboard.hub;

/**
 * What a connection may do with groups (spec §3.5). Granted by roles, from the token or the
 * connect handler, and dynamically by the REST API:
 *
 * <ul>
 *   <li>{@code webpubsub.joinLeaveGroup} / {@code webpubsub.sendToGroup}: every group;
 *   <li>{@code webpubsub.joinLeaveGroup.<group>} / {@code webpubsub.sendToGroup.<group>}: one
 *       group (the rest of the role after the second dot, dots included);
 *   <li>{@code webpubsub.joinLeaveGroups.<pattern>} / {@code webpubsub.sendToGroups.<pattern>}:
 *       groups matching a case-sensitive pattern: {@code ?} one character other than {@code .},
 *       {@code *} any run without {@code .}, {@code **} anything, {@code \} escapes
 *       {@code \ * ?}; at most 5 {@code *} per pattern.
 * </ul>
 *
 * Other roles are carried but grant nothing. Being in a group does not imply sending to it.
 */
public enum Permission {
  JOIN_LEAVE_GROUP("joinLeaveGroup"),
  SEND_TO_GROUP("sendToGroup");

  private final String restName;

  Permission(String restName) {
    this.restName = restName;
  }

  /** The REST API's name ({@code {permission}} path segment) and the role's middle part. */
  public String restName() {
    return restName;
  }

  /**
   * The permission the REST API names {@code name} ({@code joinLeaveGroup} or
   * {@code sendToGroup}, case-insensitive).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Permission parse(String name) {
    for (Permission p : values()) {
      if (p.restName.equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new InvalidArgumentException("permission",
        "permission must be joinLeaveGroup or sendToGroup; got " + name);
  }
}
