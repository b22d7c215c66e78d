package dev.switchboard.websocket.internal;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request targets parsed once and shared by the sessions that used the same one: every session
 * keeps its {@link URI} for {@code Session.url()}, and with many clients on a few paths one
 * instance per path is enough ({@link URI} is immutable). Targets with a query (often a token per
 * client) are not kept, and at most {@code maxEntries} are. Thread-safe.
 */
final class SharedUris {

  /** The process-wide table of the server's upgrade handlers: 256 targets. */
  static final SharedUris DEFAULT = new SharedUris(256);

  private final int maxEntries;
  private final ConcurrentHashMap<String, URI> uris = new ConcurrentHashMap<>();

  SharedUris(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** Like {@link URI#create}: the shared instance for a target without a query. */
  URI parse(String target) {
    URI uri = uris.get(target);
    if (uri != null) {
      return uri;
    }
    uri = URI.create(target);
    if (target.indexOf('?') < 0 && uris.size() < maxEntries) {
      URI raced = uris.putIfAbsent(target, uri);
      return raced != null ? raced : uri;
    }
    return uri;
  }
}
