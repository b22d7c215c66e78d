package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 7230 grammar the handshake headers use: comma-separated lists of tokens, and
 * tokens or quoted strings as parameter values. Stateless and thread-safe.
 */
public final class HeaderTokens {

  private HeaderTokens() {}

  /** Whether {@code c} is a {@code tchar} (RFC 7230 §3.2.6). */
  public static boolean isTokenChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Whether {@code s} is a non-empty token. */
  public static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Splits header values that are comma-separated token lists ({@code #token}), dropping empty
   * elements as RFC 7230 §7 allows.
   *
   * @throws IllegalArgumentException naming the first element that is not a token
   */
  public static List<String> parseList(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        String t = part.trim();
        if (t.isEmpty()) {
          continue;
        }
        if (!isToken(t)) {
          throw new IllegalArgumentException("'" + t + "' is not a valid token (RFC 7230 §3.2.6)");
        }
        out.add(t);
      }
    }
    return out;
  }

  /** Whether any comma-separated element of {@code values} equals {@code token}, ignoring case. */
  public static boolean contains(List<String> values, String token) {
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
