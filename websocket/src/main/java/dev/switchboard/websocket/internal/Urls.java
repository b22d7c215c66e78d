package dev.switchboard.websocket.internal;

import java.net.URI;

/** Parsing the URL strings users pass to the client builders. Stateless, so thread-safe. */
public final class Urls {

  private Urls() {}

  /**
   * {@code url} as a URI.
   *
   * @throws IllegalArgumentException naming the URL and what is wrong with it, if it is not a URL
   */
  public static URI parse(String url) {
    try {
      return URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid URL: " + url + " (" + e.getMessage() + ")", e);
    }
  }
}
