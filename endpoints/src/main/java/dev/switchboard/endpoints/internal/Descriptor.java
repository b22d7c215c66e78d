package dev.switchboard.endpoints.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code *.websocket} file parsed and checked on its own (handler resolution and duplicates
 * come later): the fields it declares and what is wrong with it. Immutable.
 */
public record Descriptor(String endpoint, String handler, String description, List<String> errors) {

  /** Largest descriptor read; a larger file is reported, not parsed. */
  public static final int MAX_BYTES = 64 * 1024;

  /** Longest endpoint name. */
  public static final int MAX_ENDPOINT_CHARS = 128;

  /** RFC 3986 unreserved characters: safe in a path segment without escaping. */
  private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  public Descriptor {
    errors = List.copyOf(errors);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  public Descriptor withError(String error) {
    List<String> e = new ArrayList<>(errors);
    e.add(error);
    return new Descriptor(endpoint, handler, description, e);
  }

  /** Parses a file's bytes; never throws, every problem becomes an error. */
  public static Descriptor parse(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return new Descriptor(null, null, null, List.of(
          "file is " + bytes.length + " bytes; a descriptor may have at most " + MAX_BYTES + " bytes"));
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      return new Descriptor(null, null, null, List.of("not valid JSON"
          + (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "") + ": "
          + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      return new Descriptor(null, null, null, List.of(
          "must be a JSON object like {\"endpoint\": \"chat\", \"handler\": \"com.example.ChatHandler\", "
              + "\"description\": \"...\"}, not " + (root == null || root.isMissingNode() ? "empty" : root.getNodeType())));
    }
    List<String> errors = new ArrayList<>();
    String endpoint = text(root, "endpoint", true, errors);
    String handler = text(root, "handler", true, errors);
    String description = text(root, "description", false, errors);
    if (endpoint != null) {
      if (endpoint.length() > MAX_ENDPOINT_CHARS) {
        errors.add("\"endpoint\" has " + endpoint.length() + " characters; at most " + MAX_ENDPOINT_CHARS);
      } else if (!URL_SAFE.matcher(endpoint).matches() || endpoint.equals(".") || endpoint.equals("..")) {
        errors.add("\"endpoint\" '" + endpoint + "' is not URL-safe: use only letters, digits, '-', '.', '_' "
            + "and '~' (one path segment, not '.' or '..')");
      }
    }
    return new Descriptor(endpoint, handler, description == null ? "" : description, errors);
  }

  private static String text(JsonNode root, String field, boolean required, List<String> errors) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        errors.add("missing \"" + field + "\": a descriptor needs \"endpoint\" and \"handler\"");
      }
      return null;
    }
    if (!n.isTextual()) {
      errors.add("\"" + field + "\" must be a string, was " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
      return null;
    }
    String v = n.asText().strip();
    if (v.isEmpty() && required) {
      errors.add("\"" + field + "\" must not be empty");
      return null;
    }
    return v;
  }
}
