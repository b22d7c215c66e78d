package dev.switchboard.hub;

import java.util.Locale;
import java.util.Optional;

/**
 * What a message's payload bytes are, as the client protocols name it ({@code dataType}, spec
 * §3.2, §3.3). Immutable and thread-safe.
 */
public enum DataType {
  /** UTF-8 text ({@code text/plain} on the REST API). */
  TEXT("text"),
  /** A UTF-8 JSON value ({@code application/json}). */
  JSON("json"),
  /** Opaque bytes ({@code application/octet-stream}). */
  BINARY("binary"),
  /** A serialized protobuf {@code google.protobuf.Any}, from a protobuf client. */
  PROTOBUF("protobuf");

  private final String wireName;

  DataType(String wireName) {
    this.wireName = wireName;
  }

  /** The protocol's name: {@code text}, {@code json}, {@code binary} or {@code protobuf}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The type named {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException if the name is none of the four
   */
  public static DataType parse(String name) {
    for (DataType t : values()) {
      if (t.wireName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new InvalidArgumentException("dataType",
        "dataType must be one of text, json, binary, protobuf; got " + name);
  }

  /** The data type named exactly {@code wireName} (case-sensitive, as Azure's clients send it). */
  public static Optional<DataType> of(String wireName) {
    for (DataType t : values()) {
      if (t.wireName.equals(wireName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
