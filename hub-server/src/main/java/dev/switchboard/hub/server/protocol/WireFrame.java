package dev.switchboard.hub.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One encoded WebSocket message: a text frame (JSON subprotocols) or a binary frame (protobuf).
 * The array is not copied. Immutable by contract and thread-safe.
 *
 * @param isText text frame when true, binary frame otherwise
 * @param bytes the payload (UTF-8 for text)
 */
public record WireFrame(boolean isText, byte[] bytes) {

  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireFrame f && f.isText == isText && Arrays.equals(f.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(isText) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return isText ? "WireFrame[text " + text() + "]" : "WireFrame[binary " + bytes.length + " B]";
  }
}
