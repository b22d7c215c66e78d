package dev.switchboard.hub.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.hub.server.auth.AuthException.Reason;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Issues and validates client access tokens (spec §2.3). A token is an HS256 JWT signed with the
 * primary key whose {@code aud} is {@code {http(s) endpoint}/client/hubs/{hub}}, {@code sub} the
 * user id, {@code role} and {@code webpubsub.group} arrays, and {@code exp}. Validation accepts a
 * signature by any access key, {@code role}/{@code webpubsub.group} as a string or an array, and
 * an audience naming the hub (case-insensitively) at the request's origin or a configured public
 * endpoint ({@code ws}/{@code wss} audiences count as {@code http}/{@code https}). {@code exp} is
 * checked when present, with {@link #clockSkew()} of leeway. Thread-safe.
 */
public final class ClientTokens {

  /** The {@code :generateToken} default lifetime: 60 minutes. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(60);

  static final String ROLE = "role";
  static final String GROUP = "webpubsub.group";

  private final Supplier<AccessKeys> keys;
  private final Clock clock;
  private final Duration clockSkew;
  private final List<String> publicOrigins;

  public ClientTokens(Supplier<AccessKeys> keys, Clock clock, Duration clockSkew, List<URI> publicEndpoints) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
    }
    this.clockSkew = clockSkew;
    this.publicOrigins = publicEndpoints.stream().map(ClientTokens::httpOrigin).toList();
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  /**
   * Issues a token, as {@code POST /api/hubs/{hub}/:generateToken} does.
   *
   * @param endpoint the service's http(s) base URL as clients reach it
   * @param userId null for none
   * @param lifetime at least one second
   * @throws IllegalArgumentException for a non-positive lifetime or a non-http(s) endpoint
   */
  public ClientToken issue(URI endpoint, String hub, String userId, List<String> roles, List<String> groups,
      Duration lifetime) {
    Objects.requireNonNull(hub, "hub");
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the token lifetime must be at least 1 s, got " + lifetime);
    }
    String origin = httpOrigin(endpoint);
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .audience(origin + "/client/hubs/" + hub)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)));
    if (userId != null) {
      claims.subject(userId);
    }
    if (!roles.isEmpty()) {
      claims.claim(ROLE, List.copyOf(roles));
    }
    if (!groups.isEmpty()) {
      claims.claim(GROUP, List.copyOf(groups));
    }
    String token = Jwt.sign(claims.build(), keys.get().primary().getBytes(StandardCharsets.UTF_8));
    String ws = (origin.startsWith("https:") ? "wss" : "ws") + origin.substring(origin.indexOf(':'));
    URI url = URI.create(ws + "/client/hubs/" + URLEncoder.encode(hub, StandardCharsets.UTF_8)
        + "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    return new ClientToken(token, url);
  }

  /**
   * Validates a client's token for {@code hub}.
   *
   * @param requestOrigin the URL the client connected to (only scheme, host and port are used)
   * @throws AuthException saying what was wrong
   */
  public ClientClaims validate(String token, String hub, URI requestOrigin) throws AuthException {
    JWTClaimsSet claims = Jwt.verify(token, Jwt.secrets(keys.get()), clock, clockSkew, false);
    List<String> auds = Jwt.audiences(claims);
    List<String> origins = new ArrayList<>(publicOrigins);
    origins.add(httpOrigin(requestOrigin));
    boolean ok = false;
    for (String aud : auds) {
      for (String origin : origins) {
        if (normalizeAudience(aud).equalsIgnoreCase(origin + "/client/hubs/" + hub)) {
          ok = true;
        }
      }
    }
    if (!ok) {
      throw new AuthException(Reason.WRONG_AUDIENCE, "the token's aud " + auds + " is not '" + origins.get(origins.size() - 1)
          + "/client/hubs/" + hub + "'; issue the token for this hub and endpoint");
    }
    Object sub = claims.getClaim("sub");
    if (sub != null && !(sub instanceof String)) {
      throw new AuthException(Reason.INVALID_CLAIM, "sub must be a string");
    }
    Date exp = (Date) claims.getClaim("exp");
    return new ClientClaims((String) sub, strings(claims, ROLE), strings(claims, GROUP),
        exp == null ? null : exp.toInstant(), flatten(claims));
  }

  private static List<String> strings(JWTClaimsSet claims, String name) throws AuthException {
    Object v = claims.getClaim(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw new AuthException(Reason.INVALID_CLAIM, "'" + name + "' must be a string or an array of strings");
        }
        out.add(s);
      }
      return out;
    }
    throw new AuthException(Reason.INVALID_CLAIM, "'" + name + "' must be a string or an array of strings");
  }

  /** Every claim as a list of strings: dates as epoch seconds, arrays element by element. */
  static Map<String, List<String>> flatten(JWTClaimsSet claims) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : claims.getClaims().entrySet()) {
      Object v = e.getValue();
      List<String> values = new ArrayList<>();
      if (v instanceof List<?> list) {
        list.forEach(o -> values.add(scalar(o)));
      } else if (v != null) {
        values.add(scalar(v));
      }
      out.put(e.getKey(), List.copyOf(values));
    }
    return out;
  }

  private static String scalar(Object o) {
    if (o instanceof Date d) {
      return Long.toString(d.toInstant().getEpochSecond());
    }
    return String.valueOf(o);
  }

  private static String normalizeAudience(String aud) {
    String a = aud.strip();
    if (a.regionMatches(true, 0, "wss:", 0, 4)) {
      return "https:" + a.substring(4);
    }
    if (a.regionMatches(true, 0, "ws:", 0, 3)) {
      return "http:" + a.substring(3);
    }
    return a;
  }

  /** The http(s) origin of an http, https, ws or wss URL. */
  static String httpOrigin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String mapped = switch (scheme) {
      case "http", "ws" -> "http";
      case "https", "wss" -> "https";
      default -> throw new IllegalArgumentException("expected an http(s) or ws(s) URL, got '" + uri + "'");
    };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the URL has no host: '" + uri + "'");
    }
    return RequestAuthenticator.origin(URI.create(mapped + "://" + uri.getRawAuthority()));
  }
}
