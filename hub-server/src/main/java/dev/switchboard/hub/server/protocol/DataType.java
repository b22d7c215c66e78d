package dev.switchboard.hub.server.protocol;

import java.util.Optional;

/** The {@code dataType} of a message payload (spec §3.2, §3.3). Immutable and thread-safe. */
public enum DataType {
  /** An inline JSON value in JSON subprotocols; {@code text_data} in protobuf. */
  JSON("json"),
  /** A string. */
  TEXT("text"),
  /** Bytes, base64 in JSON subprotocols. */
  BINARY("binary"),
  /** A serialized {@code google.protobuf.Any}, base64 in JSON subprotocols. */
  PROTOBUF("protobuf");

  private final String wireName;

  DataType(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the JSON {@code dataType} field. */
  public String wireName() {
    return wireName;
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
