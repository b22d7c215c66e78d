package dev.switchboard.hub.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The service's access keys: a primary and an optional secondary, so that keys can be rotated
 * without downtime (sign with one, accept both). A key is used as its UTF-8 bytes, not
 * base64-decoded, as the HMAC-SHA256 secret (spec §2.1). Each key must be at least
 * {@value #MIN_KEY_BYTES} bytes (RFC 7518 §3.2: an HS256 key is at least as long as the hash),
 * else {@link IllegalArgumentException}. Immutable and thread-safe; rotate by replacing the
 * instance ({@link #withPrimary}, {@link #withSecondary}).
 *
 * @param primary signs tokens this service issues
 * @param secondary also accepted; null when not configured
 */
public record AccessKeys(String primary, String secondary) {

  /** The minimum key length in UTF-8 bytes. */
  public static final int MIN_KEY_BYTES = 32;

  public AccessKeys {
    check(Objects.requireNonNull(primary, "primary"), "primary");
    if (secondary != null) {
      check(secondary, "secondary");
    }
  }

  public static AccessKeys of(String primary) {
    return new AccessKeys(primary, null);
  }

  /** A fresh random key: 32 random bytes, base64 (44 characters), like Azure's keys. */
  public static String generateKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  public AccessKeys withPrimary(String key) {
    return new AccessKeys(key, secondary);
  }

  public AccessKeys withSecondary(String key) {
    return new AccessKeys(primary, key);
  }

  /** Every key, primary first: a token is accepted when its signature matches any of them. */
  public List<String> all() {
    List<String> keys = new ArrayList<>(2);
    keys.add(primary);
    if (secondary != null) {
      keys.add(secondary);
    }
    return List.copyOf(keys);
  }

  private static void check(String key, String which) {
    if (key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the " + which + " access key is shorter than " + MIN_KEY_BYTES
          + " bytes; HS256 needs at least 32 (generate one with AccessKeys.generateKey())");
    }
  }

  /** Never prints the keys. */
  @Override
  public String toString() {
    return "AccessKeys[" + (secondary == null ? "primary" : "primary, secondary") + "]";
  }
}
