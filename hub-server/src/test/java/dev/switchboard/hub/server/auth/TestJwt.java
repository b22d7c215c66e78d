package dev.switchboard.hub.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs (JDK HMAC only), independent of the library under test. */
final class TestJwt {

  static final String KEY1 = "primary-key-0123456789-0123456789-abcdef";
  static final String KEY2 = "secondary-key-0123456789-0123456789-abcdef";

  private TestJwt() {}

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String sign(String headerJson, String payloadJson, String key) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      Mac mac = Mac.getInstance(headerJson.contains("HS512") ? "HmacSHA512" : "HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
      byte[] sig = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String hs256(String payloadJson, String key) {
    return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson, key);
  }

  static String unsigned(String payloadJson) {
    return b64("{\"alg\":\"none\"}") + "." + b64(payloadJson) + ".";
  }
}
