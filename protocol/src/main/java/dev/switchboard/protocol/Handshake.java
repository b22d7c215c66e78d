package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The arithmetic and checks of the opening handshake (RFC 6455 §4). Stateless and thread-safe.
 */
public final class Handshake {

  /** The GUID appended to the key before hashing (RFC 6455 §1.3). */
  public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** The only protocol version this codec speaks, the value of {@code Sec-WebSocket-Version}. */
  public static final String VERSION = "13";

  private Handshake() {}

  /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64 (RFC 6455 §4.1). */
  public static String generateKey(Random random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /** {@code Sec-WebSocket-Accept} for a key: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2). */
  public static String acceptKey(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
  }

  /** Whether {@code key} is base64 of exactly 16 bytes, as RFC 6455 §4.1 requires. */
  public static boolean isValidKey(String key) {
    if (key == null || key.length() != 24 || !key.endsWith("==")) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Looks up request or response header values by name, case-insensitively. */
  @FunctionalInterface
  public interface Headers {
    /** Every value of header {@code name}, in order; empty if absent. */
    List<String> all(String name);

    default String first(String name) {
      List<String> v = all(name);
      return v.isEmpty() ? null : v.get(0);
    }
  }

  /** Why an opening request was refused: the HTTP status to answer with and a message. */
  public record Refusal(int status, String message) {}

  /**
   * Checks a server's opening request (RFC 6455 §4.2.1). Returns null if it is a valid
   * WebSocket upgrade, otherwise the refusal: 405 for a method other than GET, 426 for a wrong
   * or missing version (answer with {@code Sec-WebSocket-Version: 13}), and 400 for everything
   * else.
   */
  public static Refusal checkRequest(String method, String httpVersion, Headers headers) {
    if (!"GET".equals(method)) {
      return new Refusal(405, "WebSocket upgrades must use GET, not " + method);
    }
    if (!"HTTP/1.1".equals(httpVersion)) {
      return new Refusal(400, "WebSocket upgrades need HTTP/1.1, not " + httpVersion);
    }
    if (headers.all("Host").size() != 1) {
      return new Refusal(400, "exactly one Host header is required");
    }
    if (!HeaderTokens.contains(headers.all("Upgrade"), "websocket")) {
      return new Refusal(400, "the Upgrade header must name 'websocket'");
    }
    if (!HeaderTokens.contains(headers.all("Connection"), "upgrade")) {
      return new Refusal(400, "the Connection header must include 'Upgrade'");
    }
    List<String> versions = headers.all("Sec-WebSocket-Version");
    if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
      return new Refusal(426, "Sec-WebSocket-Version must be 13, was " + (versions.isEmpty() ? "missing" : versions));
    }
    List<String> keys = headers.all("Sec-WebSocket-Key");
    if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
      return new Refusal(400, "Sec-WebSocket-Key must be one base64 value of 16 bytes");
    }
    return null;
  }

  /**
   * Checks a server's 101 answer to a client's request with {@code key} (RFC 6455 §4.1).
   * Returns null if valid, otherwise a message saying what was wrong.
   */
  public static String checkResponse(String key, Headers headers) {
    if (!HeaderTokens.contains(headers.all("Upgrade"), "websocket")) {
      return "the server's Upgrade header does not name 'websocket'";
    }
    if (!HeaderTokens.contains(headers.all("Connection"), "upgrade")) {
      return "the server's Connection header does not include 'Upgrade'";
    }
    List<String> accept = headers.all("Sec-WebSocket-Accept");
    if (accept.size() != 1 || !acceptKey(key).equals(accept.get(0).trim())) {
      return "the server's Sec-WebSocket-Accept does not match our key";
    }
    return null;
  }
}
