package dev.switchboard.hub.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.hub.server.auth.AuthException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 signing and verification on Nimbus JOSE+JWT; the rules shared by every token kind. */
final class Jwt {

  /** Tokens longer than this are refused before parsing (8 KiB, the handshake header limit). */
  static final int MAX_TOKEN_CHARS = 8192;

  private Jwt() {}

  static String sign(JWTClaimsSet claims, byte[] secret) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code token}, accepts only HS256, checks the signature against each secret and
   * {@code exp}/{@code nbf} with {@code skew}; returns the claims.
   */
  static JWTClaimsSet verify(String token, List<byte[]> secrets, Clock clock, Duration skew, boolean requireExp)
      throws AuthException {
    if (token == null || token.isBlank()) {
      throw new AuthException(Reason.MISSING_TOKEN, "no token: send 'Authorization: Bearer <JWT>' (HS256, signed with an access key)");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new AuthException(Reason.MALFORMED_TOKEN, "the token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.strip());
    } catch (ParseException | RuntimeException e) {
      throw new AuthException(Reason.MALFORMED_TOKEN, "the token is not a JWT: " + e.getMessage());
    }
    if (jwt instanceof PlainJWT) {
      throw new AuthException(Reason.BAD_ALGORITHM, "unsigned tokens (alg none) are not accepted; sign with HS256");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
      throw new AuthException(Reason.BAD_ALGORITHM, "encrypted tokens are not accepted; sign with HS256");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!JWSAlgorithm.HS256.equals(alg)) {
      throw new AuthException(Reason.BAD_ALGORITHM, "alg " + alg + " is not accepted; sign with HS256");
    }
    boolean ok = false;
    for (byte[] secret : secrets) {
      try {
        if (signed.verify(new MACVerifier(secret))) {
          ok = true;
          break;
        }
      } catch (JOSEException | IllegalStateException e) {
        throw new AuthException(Reason.MALFORMED_TOKEN, "the token cannot be verified: " + e.getMessage());
      }
    }
    if (!ok) {
      throw new AuthException(Reason.BAD_SIGNATURE, "the signature matches no access key; sign with the primary or secondary key");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new AuthException(Reason.MALFORMED_TOKEN, "the token's claims are not a JSON object: " + e.getMessage());
    }
    Instant now = clock.instant();
    Date exp;
    Date nbf;
    try {
      exp = claims.getDateClaim("exp");
      nbf = claims.getDateClaim("nbf");
    } catch (ParseException e) {
      throw new AuthException(Reason.INVALID_CLAIM, "exp/nbf must be numbers of seconds since the epoch");
    }
    if (exp == null && requireExp) {
      throw new AuthException(Reason.INVALID_CLAIM, "the token has no exp claim");
    }
    if (exp != null && exp.toInstant().plus(skew).isBefore(now)) {
      throw new AuthException(Reason.EXPIRED, "the token expired at " + exp.toInstant() + " (now " + now
          + ", allowed skew " + skew.toSeconds() + " s); get a fresh token");
    }
    if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
      throw new AuthException(Reason.EXPIRED, "the token is not valid before " + nbf.toInstant() + " (now " + now + ")");
    }
    return claims;
  }

  static List<byte[]> secrets(AccessKeys keys) {
    return keys.all().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** The {@code aud} claim as a list; a missing claim is empty. */
  static List<String> audiences(JWTClaimsSet claims) {
    List<String> aud = claims.getAudience();
    return aud == null ? List.of() : aud;
  }
}
