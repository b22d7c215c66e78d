package dev.switchboard.hub.server.protocol;

import dev.switchboard.hub.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A message payload with its data type. The bytes are: UTF-8 text for {@link DataType#TEXT}, the
 * UTF-8 text of one JSON value for {@link DataType#JSON}, raw bytes for {@link DataType#BINARY},
 * and a serialized {@code google.protobuf.Any} for {@link DataType#PROTOBUF}. The array is not
 * copied: callers must not change it after handing it over. Immutable by contract and thread-safe.
 *
 * @param dataType how the bytes are to be read
 * @param data the bytes, never null
 */
public record Payload(DataType dataType, byte[] data) {

  public Payload {
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(data, "data");
  }

  public static Payload text(String text) {
    return new Payload(DataType.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON payload from the text of one JSON value (not validated here). */
  public static Payload json(String jsonText) {
    return new Payload(DataType.JSON, jsonText.getBytes(StandardCharsets.UTF_8));
  }

  public static Payload binary(byte[] data) {
    return new Payload(DataType.BINARY, data);
  }

  /** A protobuf payload from a serialized {@code google.protobuf.Any}. */
  public static Payload protobuf(byte[] any) {
    return new Payload(DataType.PROTOBUF, any);
  }

  /** The bytes as UTF-8 text (meaningful for TEXT and JSON). */
  public String asText() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload p && p.dataType == dataType && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * dataType.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    String shown = dataType == DataType.TEXT || dataType == DataType.JSON
        ? '"' + abbreviate(asText()) + '"'
        : "0x" + HexFormat.of().formatHex(data, 0, Math.min(data.length, 32)) + (data.length > 32 ? "…" : "");
    return "Payload[" + dataType.wireName() + ", " + data.length + " B, " + shown + "]";
  }

  private static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
