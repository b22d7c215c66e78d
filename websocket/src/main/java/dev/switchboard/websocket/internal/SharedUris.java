package dev.switchboard.websocket.internal;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request targets parsed once and shared by the sessions that used the same one: every session
 * keeps its {@link URI} for {@code Session.url()}, and with many clients on a few paths one
 * instance per path is enough ({@link URI} is immutable). Targets with a query (often a token per
 * client) are not kept, and at most {@link #MAX_ENTRIES} are. Thread-safe.
 */
final class SharedUris {

  /** How many distinct request targets are kept; later ones are parsed per session. */
  static final int MAX_ENTRIES = 256;

  private static final ConcurrentHashMap<String, URI> URIS = new ConcurrentHashMap<>();

  private SharedUris() {}

  /** Like {@link URI#create}: the shared instance for a target without a query. */
  static URI parse(String target) {
    URI uri = URIS.get(target);
    if (uri != null) {
      return uri;
    }
    uri = URI.create(target);
    if (target.indexOf('?') < 0 && URIS.size() < MAX_ENTRIES) {
      URI raced = URIS.putIfAbsent(target, uri);
      return raced != null ? raced : uri;
    }
    return uri;
  }
}
