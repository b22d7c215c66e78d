package dev.switchboard.hub.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.hub.server.auth.AuthException.Reason;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Reconnection tokens of the reliable subprotocols (spec §2.5): an HS256 JWT with
 * {@code iss = "}{@value #ISSUER}{@code "}, {@code aud} = the connection id and {@code exp}, signed
 * with a secret of this service (not an access key, so a client cannot mint one). A token
 * verifies only for its own connection id. Thread-safe.
 */
public final class ReconnectionTokens {

  /** The default lifetime: 7 days, as Azure's client spec describes. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

  static final String ISSUER = "switchboard/reconnection";

  private final byte[] secret;
  private final Clock clock;
  private final Duration lifetime;

  /**
   * @param secret at least 32 bytes; nodes that share reliable sessions share it
   */
  public ReconnectionTokens(byte[] secret, Clock clock, Duration lifetime) {
    if (secret.length < AccessKeys.MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the reconnection secret must be at least " + AccessKeys.MIN_KEY_BYTES + " bytes");
    }
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the reconnection token lifetime must be at least 1 s, got " + lifetime);
    }
    this.secret = secret.clone();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = lifetime;
  }

  /** Tokens under a fresh random secret: they die with this process. */
  public static ReconnectionTokens withRandomSecret(Clock clock, Duration lifetime) {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return new ReconnectionTokens(s, clock, lifetime);
  }

  public String issue(String connectionId) {
    Instant now = clock.instant();
    return Jwt.sign(new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(Objects.requireNonNull(connectionId, "connectionId"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .build(), secret);
  }

  /**
   * @throws AuthException when the token is forged, expired, or belongs to another connection
   */
  public void verify(String connectionId, String token) throws AuthException {
    JWTClaimsSet claims = Jwt.verify(token, List.of(secret), clock, Duration.ZERO, true);
    if (!ISSUER.equals(claims.getIssuer())) {
      throw new AuthException(Reason.INVALID_CLAIM, "not a reconnection token");
    }
    if (!Jwt.audiences(claims).equals(List.of(connectionId))) {
      throw new AuthException(Reason.WRONG_AUDIENCE, "the reconnection token belongs to another connection");
    }
  }
}
