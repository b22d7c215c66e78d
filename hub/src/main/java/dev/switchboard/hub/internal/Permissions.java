package dev.switchboard.hub.internal;

import dev.switchboard.hub.Permission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One connection's permissions: grants from its roles and the REST API, and revocations of single
 * groups. Not thread-safe: guarded by the owning connection's lock.
 *
 * <p>Revoking without a group removes every grant of the permission; revoking one group removes
 * its exact grant and, if a wider grant (all groups, a pattern) still covers it, denies that
 * group until it is granted again.
 */
public final class Permissions {
  private static final String PREFIX = "webpubsub.";

  private record Grant(Permission permission, String group, GroupPattern pattern) {
    boolean covers(String g) {
      return group == null && pattern == null || g.equals(group)
          || pattern != null && pattern.matches(g);
    }
  }

  private record Denial(Permission permission, String group) {}

  private final List<Grant> grants = new ArrayList<>();
  private final Set<Denial> denials = new HashSet<>();

  /**
   * The permissions {@code roles} grant (see {@link Permission}); other roles grant nothing.
   *
   * @throws IllegalArgumentException for a wildcard role whose pattern is invalid
   */
  public static Permissions fromRoles(List<String> roles) {
    Permissions p = new Permissions();
    for (String role : roles) {
      if (role == null || !role.startsWith(PREFIX)) {
        continue;
      }
      String rest = role.substring(PREFIX.length());
      for (Permission perm : Permission.values()) {
        String single = perm.restName();
        String plural = single.replace("Group", "Groups");
        if (rest.equals(single)) {
          p.grants.add(new Grant(perm, null, null));
        } else if (rest.startsWith(plural + ".") && rest.length() > plural.length() + 1) {
          p.grants.add(new Grant(perm, null,
              GroupPattern.compile(rest.substring(plural.length() + 1))));
        } else if (rest.startsWith(single + ".") && rest.length() > single.length() + 1) {
          p.grants.add(new Grant(perm, rest.substring(single.length() + 1), null));
        }
      }
    }
    return p;
  }

  /** Whether {@code permission} is held for {@code group}; a null group means every group. */
  boolean allows(Permission permission, String group) {
    if (group == null) {
      for (Grant g : grants) {
        if (g.permission == permission && g.group == null && g.pattern == null) {
          return true;
        }
      }
      return false;
    }
    if (denials.contains(new Denial(permission, group))) {
      return false;
    }
    for (Grant g : grants) {
      if (g.permission == permission && g.covers(group)) {
        return true;
      }
    }
    return false;
  }

  void grant(Permission permission, String group) {
    if (group == null) {
      denials.removeIf(d -> d.permission == permission);
    } else {
      denials.remove(new Denial(permission, group));
    }
    grants.add(new Grant(permission, group, null));
  }

  void revoke(Permission permission, String group) {
    if (group == null) {
      grants.removeIf(g -> g.permission == permission);
      denials.removeIf(d -> d.permission == permission);
      return;
    }
    grants.removeIf(g -> g.permission == permission && group.equals(g.group));
    if (allows(permission, group)) {
      denials.add(new Denial(permission, group));
    }
  }
}
