package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name
 * and its parameters, in order. A parameter without a value maps to {@code null}; quoted values
 * are unquoted. Names, parameter names and values are tokens, as §9.1 requires of values even
 * when quoted. Immutable and thread-safe.
 */
public record ExtensionOffer(String name, Map<String, String> params) {

  /**
   * @throws IllegalArgumentException if the name or a parameter name is not a token, or a value
   *     is neither {@code null} nor a token (RFC 6455 §9.1), so that every offer can be written
   *     and parsed back
   */
  public ExtensionOffer {
    if (!HeaderTokens.isToken(name)) {
      throw new IllegalArgumentException("extension name '" + name + "' is not a token");
    }
    if (params == null) {
      throw new IllegalArgumentException("params must not be null; use an empty map");
    }
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (!HeaderTokens.isToken(p.getKey())) {
        throw new IllegalArgumentException("parameter name '" + p.getKey() + "' of extension '" + name + "' is not a token");
      }
      if (p.getValue() != null && !HeaderTokens.isToken(p.getValue())) {
        throw new IllegalArgumentException("value '" + p.getValue() + "' of parameter '" + p.getKey()
            + "' of extension '" + name + "' is not a token (RFC 6455 §9.1)");
      }
    }
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /**
   * Parses every value of the header, in order.
   *
   * @throws IllegalArgumentException saying where the grammar was broken
   */
  public static List<ExtensionOffer> parse(List<String> headerValues) {
    List<ExtensionOffer> out = new ArrayList<>();
    for (String value : headerValues) {
      new Parser(value).parseInto(out);
    }
    return out;
  }

  /** Parses one header value; see {@link #parse(List)}. */
  public static List<ExtensionOffer> parse(String headerValue) {
    return parse(List.of(headerValue));
  }

  /** The header form: {@code name; a; b=1}. */
  public String toHeaderValue() {
    StringBuilder sb = new StringBuilder(name);
    for (Map.Entry<String, String> p : params.entrySet()) {
      sb.append("; ").append(p.getKey());
      String v = p.getValue();
      if (v != null) {
        sb.append('=').append(v); // values are tokens (checked above), so never need quotes
      }
    }
    return sb.toString();
  }

  /** Renders offers as one header value, comma-separated. */
  public static String toHeaderValue(List<ExtensionOffer> offers) {
    StringBuilder sb = new StringBuilder();
    for (ExtensionOffer o : offers) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(o.toHeaderValue());
    }
    return sb.toString();
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    void parseInto(List<ExtensionOffer> out) {
      skipSpace();
      while (i < s.length()) {
        if (s.charAt(i) == ',') { // empty list element
          i++;
          skipSpace();
          continue;
        }
        String name = token("extension name");
        Map<String, String> params = new LinkedHashMap<>();
        skipSpace();
        while (i < s.length() && s.charAt(i) == ';') {
          i++;
          skipSpace();
          int keyStart = i;
          String key = token("parameter name");
          skipSpace();
          String value = null;
          if (i < s.length() && s.charAt(i) == '=') {
            i++;
            skipSpace();
            value = i < s.length() && s.charAt(i) == '"' ? quoted() : token("parameter value");
            skipSpace();
          }
          if (params.containsKey(key)) {
            i = keyStart;
            throw error("parameter '" + key + "' repeated in extension '" + name + "'");
          }
          params.put(key, value);
        }
        out.add(new ExtensionOffer(name, params));
        if (i < s.length()) {
          if (s.charAt(i) != ',') {
            throw error("expected ',' or ';'");
          }
          i++;
          skipSpace();
        }
      }
    }

    private String token(String what) {
      int start = i;
      while (i < s.length() && HeaderTokens.isTokenChar(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw error("expected " + what);
      }
      return s.substring(start, i);
    }

    private String quoted() {
      StringBuilder sb = new StringBuilder();
      i++; // opening quote
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          // RFC 6455 §9.1: a quoted value must still be a token once unquoted.
          String v = sb.toString();
          if (!HeaderTokens.isToken(v)) {
            throw error("quoted value \"" + v + "\" is not a token");
          }
          return v;
        }
        if (c == '\\') {
          if (i >= s.length()) {
            break;
          }
          c = s.charAt(i++);
        }
        sb.append(c);
      }
      throw error("unterminated quoted string");
    }

    private void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "Sec-WebSocket-Extensions: " + what + " at index " + i + " of '" + s + "'");
    }
  }
}
