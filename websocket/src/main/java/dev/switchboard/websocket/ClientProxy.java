package dev.switchboard.websocket;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A proxy the client tunnels through: HTTP {@code CONNECT} (RFC 9110 §9.3.6), optionally with
 * {@code Proxy-Authorization: Basic}, or SOCKS5 (RFC 1928), optionally with user and password
 * (RFC 1929). The proxy resolves the target host. Immutable and thread-safe; {@link #toString()}
 * hides the password.
 *
 * <p>Failures: the proxy cannot be reached, refuses the tunnel or times out (10 s) — {@link
 * ConnectFailure#PROXY_FAILURE}; it wants credentials or rejects them (HTTP 407, or 401 to the
 * CONNECT, as tinyproxy answers a wrong password; SOCKS5 auth failure) — {@link
 * ConnectFailure#PROXY_AUTH_FAILURE}.
 *
 * @param type HTTP or SOCKS5
 * @param host the proxy's host
 * @param port the proxy's port
 * @param username null for none
 * @param password null for none; set together with {@code username}
 */
public record ClientProxy(Type type, String host, int port, String username, String password) {

  /** The proxy protocol. */
  public enum Type {
    HTTP,
    SOCKS5
  }

  public ClientProxy {
    if (type == null) {
      throw new IllegalArgumentException("proxy type must not be null");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("proxy host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port must be 1-65535, was " + port);
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("proxy username and password go together");
    }
  }

  public static ClientProxy http(String host, int port) {
    return new ClientProxy(Type.HTTP, host, port, null, null);
  }

  public static ClientProxy socks5(String host, int port) {
    return new ClientProxy(Type.SOCKS5, host, port, null, null);
  }

  public ClientProxy withCredentials(String username, String password) {
    return new ClientProxy(type, host, port, username, password);
  }

  /**
   * Parses {@code http://[user:password@]host:port} or {@code socks5://[user:password@]host:port};
   * user and password are percent-decoded. The port is required.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code url}
   */
  public static ClientProxy parse(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid proxy URL: " + url + " (" + e.getMessage() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Type type;
    if (scheme.equals("http")) {
      type = Type.HTTP;
    } else if (scheme.equals("socks5") || scheme.equals("socks5h")) {
      type = Type.SOCKS5;
    } else {
      throw new IllegalArgumentException("proxy URL must start with http:// or socks5://, was " + redact(url));
    }
    if (uri.getHost() == null || uri.getPort() == -1) {
      throw new IllegalArgumentException("proxy URL needs a host and a port, like http://proxy:3128, was " + redact(url));
    }
    ClientProxy proxy = new ClientProxy(type, uri.getHost(), uri.getPort(), null, null);
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("proxy credentials must be user:password, in " + redact(url));
      }
      proxy = proxy.withCredentials(decode(info.substring(0, colon)), decode(info.substring(colon + 1)));
    }
    return proxy;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  @Override
  public String toString() {
    return type.name().toLowerCase(Locale.ROOT) + "://" + (username != null ? username + ":***@" : "") + host + ":" + port;
  }
}
