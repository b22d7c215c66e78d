package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the route for a path: exact first, then the longest matching prefix. Immutable. */
public final class Router {

  private final Map<String, Route> exact = new HashMap<>();
  private final List<Route> prefixes = new ArrayList<>();

  public Router(List<Route> routes) {
    for (Route r : routes) {
      if (r.isPrefix()) {
        if (prefixes.stream().anyMatch(o -> o.path().equals(r.path()))) {
          throw new IllegalArgumentException("two routes for " + r.path());
        }
        prefixes.add(r);
      } else if (exact.putIfAbsent(r.path(), r) != null) {
        throw new IllegalArgumentException("two routes for " + r.path());
      }
    }
    prefixes.sort(Comparator.comparingInt((Route r) -> r.path().length()).reversed());
  }

  /** The route serving {@code path}, or null. */
  public Route find(String path) {
    Route r = exact.get(path);
    if (r != null) {
      return r;
    }
    for (Route p : prefixes) {
      String base = p.path().substring(0, p.path().length() - 1); // keeps the trailing '/'
      if (path.startsWith(base) || path.equals(base.substring(0, base.length() - 1))) {
        return p;
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return exact.isEmpty() && prefixes.isEmpty();
  }
}
