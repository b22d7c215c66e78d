package dev.switchboard.hub.server.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An Azure Web PubSub connection string (spec §2.1):
 * {@code Endpoint=http://127.0.0.1:8080;AccessKey=<key>;Version=1.0;}. Immutable and thread-safe.
 *
 * @param endpoint the service's base URL (scheme, host, port; no path), with any {@code Port}
 *     already applied
 * @param accessKey the key the SDKs sign with
 */
public record ConnectionString(URI endpoint, String accessKey) {

  public ConnectionString {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    String scheme = endpoint.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("the endpoint must be an absolute http(s) URL, got '" + endpoint + "'");
    }
  }

  /**
   * Parses a connection string the way the SDKs do: parts split on {@code ;}, each at its first
   * {@code =}, keys case-insensitive; an {@code Endpoint} without a scheme gets {@code https://};
   * {@code Port} replaces the endpoint's port.
   *
   * @throws IllegalArgumentException naming the missing or bad part
   */
  public static ConnectionString parse(String text) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("connection string part '" + part.strip() + "' is not key=value");
      }
      parts.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
    }
    String endpoint = parts.get("endpoint");
    String key = parts.get("accesskey");
    if (endpoint == null || endpoint.isEmpty()) {
      throw new IllegalArgumentException("the connection string has no Endpoint=");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("the connection string has no AccessKey=");
    }
    if (!endpoint.regionMatches(true, 0, "http", 0, 4)) {
      endpoint = "https://" + endpoint;
    }
    URI uri;
    try {
      uri = new URI(endpoint);
      String port = parts.get("port");
      int p = uri.getPort();
      if (port != null) {
        try {
          p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Port=" + port + " is not a number");
        }
        if (p < 1 || p > 65535) {
          throw new IllegalArgumentException("Port=" + port + " is not in 1..65535");
        }
      }
      uri = new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(), p, null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Endpoint=" + endpoint + " is not a URL: " + e.getMessage());
    }
    return new ConnectionString(uri, key);
  }

  /** The connection string, with the port inside the endpoint URL (both SDKs accept that form). */
  public String format() {
    return "Endpoint=" + endpoint + ";AccessKey=" + accessKey + ";Version=1.0;";
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ConnectionString[" + endpoint + "]";
  }
}
