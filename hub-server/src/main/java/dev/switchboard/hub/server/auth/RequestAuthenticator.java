package dev.switchboard.hub.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.hub.server.auth.AuthException.Reason;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Checks the {@code Authorization: Bearer <JWT>} of data-plane REST requests (spec §2.2): HS256
 * only, signature against every access key, {@code exp} (required) with {@link #clockSkew()}
 * of leeway, and {@code aud} naming the request. Thread-safe: the keys are read from the supplier
 * on every request, so rotating them takes effect at once.
 *
 * <p>The audience matches, case-insensitively, when it equals the absolute request URL with or
 * without its query, or the URL-decoded form of either; or when its origin equals a configured
 * public endpoint's origin (a reverse proxy in front, SDK {@code reverseProxyEndpoint}) and its
 * path and query match the request's in one of those forms.
 */
public final class RequestAuthenticator {

  /** The default leeway for {@code exp}/{@code nbf}: 5 minutes. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

  private final Supplier<AccessKeys> keys;
  private final Clock clock;
  private final Duration clockSkew;
  private final List<String> publicOrigins;

  /**
   * @param publicEndpoints base URLs the service is also known by (may be empty)
   */
  public RequestAuthenticator(Supplier<AccessKeys> keys, Clock clock, Duration clockSkew, List<URI> publicEndpoints) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
    }
    this.clockSkew = clockSkew;
    this.publicOrigins = publicEndpoints.stream().map(RequestAuthenticator::origin).toList();
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  /**
   * Validates a request.
   *
   * @param authorization the {@code Authorization} header value, null when absent
   * @param requestUrl the absolute URL as requested: scheme, {@code Host}, raw path and raw query
   * @return the token's claims (JSON values: strings, numbers, lists, maps)
   * @throws AuthException saying what was wrong
   */
  public Map<String, Object> authenticate(String authorization, URI requestUrl) throws AuthException {
    String token = bearer(authorization);
    JWTClaimsSet claims = Jwt.verify(token, Jwt.secrets(keys.get()), clock, clockSkew, true);
    List<String> auds = Jwt.audiences(claims);
    if (auds.isEmpty()) {
      throw new AuthException(Reason.WRONG_AUDIENCE, "the token has no aud; it must be the request URL");
    }
    for (String aud : auds) {
      if (matches(aud, requestUrl)) {
        return claims.getClaims();
      }
    }
    throw new AuthException(Reason.WRONG_AUDIENCE, "the token's aud '" + abbreviate(auds.get(0))
        + "' does not match the request URL '" + abbreviate(requestUrl.toString()) + "'");
  }

  /** The token of an {@code Authorization: Bearer} header. */
  static String bearer(String authorization) throws AuthException {
    if (authorization == null || authorization.isBlank()) {
      throw new AuthException(Reason.MISSING_TOKEN, "no Authorization header; send 'Authorization: Bearer <JWT>'");
    }
    String a = authorization.strip();
    if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthException(Reason.MISSING_TOKEN, "the Authorization header is not 'Bearer <JWT>'");
    }
    return a.substring(7).strip();
  }

  private boolean matches(String aud, URI request) {
    String full = request.toString();
    String noQuery = withoutQuery(full);
    for (String candidate : forms(full, noQuery)) {
      if (candidate.equalsIgnoreCase(aud)) {
        return true;
      }
    }
    if (publicOrigins.isEmpty()) {
      return false;
    }
    URI audUri;
    try {
      audUri = URI.create(aud);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (audUri.getScheme() == null || audUri.getHost() == null) {
      return false;
    }
    String audOrigin = origin(audUri);
    if (publicOrigins.stream().noneMatch(audOrigin::equalsIgnoreCase)) {
      return false;
    }
    String audTail = pathAndQuery(audUri);
    String tail = pathAndQuery(request);
    for (String candidate : forms(tail, withoutQuery(tail))) {
      if (candidate.equalsIgnoreCase(audTail)) {
        return true;
      }
    }
    return false;
  }

  private static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static List<String> forms(String full, String noQuery) {
    List<String> forms = new ArrayList<>(4);
    forms.add(full);
    forms.add(noQuery);
    forms.add(decode(full));
    forms.add(decode(noQuery));
    return forms;
  }

  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** {@code scheme://host[:port]}, lower-cased scheme and host, default ports left out. */
  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
