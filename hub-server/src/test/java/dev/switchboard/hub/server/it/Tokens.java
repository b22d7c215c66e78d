package dev.switchboard.hub.server.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs for bad-input tests: any header, any claims, any key. */
final class Tokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** HS256 over {@code claimsJson} with {@code key}. */
  static String hs256(String claimsJson, String key) {
    return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claimsJson, key);
  }

  static String sign(String headerJson, String claimsJson, String key) {
    String signingInput = b64(headerJson) + "." + b64(claimsJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}: no signature at all. */
  static String unsigned(String claimsJson) {
    return b64("{\"alg\":\"none\"}") + "." + b64(claimsJson) + ".";
  }

  static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
