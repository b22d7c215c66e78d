package dev.switchboard.websocket;

import dev.switchboard.protocol.HeaderTokens;
import dev.switchboard.websocket.internal.Urls;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a client asks for when it connects: the URL, extra headers, subprotocols and, optionally,
 * a proxy (else the client's). Immutable and thread-safe; build with {@link #to(String)}.
 *
 * <p>The URL is checked before any I/O (RFC 6455 §3): the scheme must be {@code ws} or {@code
 * wss} ({@code http} and {@code https} are mapped to them), a host is required, and fragments
 * are not allowed.
 */
public record ConnectRequest(URI uri, Map<String, List<String>> headers, List<String> subprotocols, ClientProxy proxy) {

  private static final Set<String> RESERVED = Set.of(
      "host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
      "sec-websocket-accept", "sec-websocket-extensions", "sec-websocket-protocol");

  public ConnectRequest {
    uri = normalize(uri);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (!HeaderTokens.isToken(k)) {
        throw new IllegalArgumentException("header name '" + k + "' is not a token");
      }
      if (RESERVED.contains(k.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header '" + k + "' is set by the handshake itself; use subprotocols() for Sec-WebSocket-Protocol");
      }
      for (String value : v) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
          throw new IllegalArgumentException("header '" + k + "' has a line break in its value");
        }
      }
      copy.put(k, List.copyOf(v));
    });
    headers = Map.copyOf(copy);
    subprotocols = List.copyOf(subprotocols);
    for (String p : subprotocols) {
      if (!HeaderTokens.isToken(p)) {
        throw new IllegalArgumentException("subprotocol '" + p + "' is not a valid token");
      }
    }
  }

  /** A request without its own proxy. */
  public ConnectRequest(URI uri, Map<String, List<String>> headers, List<String> subprotocols) {
    this(uri, headers, subprotocols, null);
  }

  /** A copy that goes through {@code proxy} (null: the client's proxy, if any). */
  public ConnectRequest withProxy(ClientProxy proxy) {
    return new ConnectRequest(uri, headers, subprotocols, proxy);
  }

  /**
   * Whether the host is this machine by its name or literal address ({@code localhost}, {@code
   * *.localhost}, 127.0.0.0/8, {@code ::1}), decided without a DNS lookup.
   */
  public boolean isLoopback() {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean literal = host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    if (!literal) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Validates and normalizes a WebSocket URL; see the class comment. */
  public static URI normalize(URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("URL must not be null");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if ("http".equals(scheme)) {
      scheme = "ws";
    } else if ("https".equals(scheme)) {
      scheme = "wss";
    }
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException("URL scheme must be ws or wss (or http/https), in " + uri);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL needs a host, in " + uri);
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("WebSocket URLs must not have a fragment (RFC 6455 §3), in " + uri);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    return URI.create(scheme + "://" + uri.getHost() + port + path + query);
  }

  public static Builder to(String url) {
    return new Builder(Urls.parse(url));
  }

  public static Builder to(URI uri) {
    return new Builder(uri);
  }

  public boolean isSecure() {
    return "wss".equals(uri.getScheme());
  }

  /** The port, defaulting to 80 for ws and 443 for wss. */
  public int port() {
    return uri.getPort() != -1 ? uri.getPort() : isSecure() ? 443 : 80;
  }

  /** Builds a {@link ConnectRequest}. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private ClientProxy proxy;

    private Builder(URI uri) {
      this.uri = uri;
    }

    /** Adds a header value (repeatable). */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Offers subprotocols, in order of preference. */
    public Builder subprotocols(String... protocols) {
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    /** Goes through {@code proxy} instead of the client's. */
    public Builder proxy(ClientProxy proxy) {
      this.proxy = proxy;
      return this;
    }

    public ConnectRequest build() {
      return new ConnectRequest(uri, headers, subprotocols, proxy);
    }
  }
}
