package dev.switchboard.protocol;

/**
 * The registered close status codes (RFC 6455 §7.4.1 and the IANA registry), and the one place
 * where any close code is judged. Immutable and thread-safe.
 *
 * <p>On the wire a close code is an unsigned 16-bit integer. The codes a peer may send are
 * 1000–1003, 1007–1014 and 3000–4999 (see {@link #isValidOnWire(int)}); 1005, 1006 and 1015 are
 * reserved for reporting locally and never travel in a close frame.
 */
public enum CloseCode {
  NORMAL_CLOSURE(1000),
  GOING_AWAY(1001),
  PROTOCOL_ERROR(1002),
  UNSUPPORTED_DATA(1003),
  /** Reported locally when a close frame carried no status code; never sent. */
  NO_STATUS_RECEIVED(1005),
  /** Reported locally when the connection ended without a close frame; never sent. */
  ABNORMAL_CLOSURE(1006),
  INVALID_PAYLOAD_DATA(1007),
  POLICY_VIOLATION(1008),
  MESSAGE_TOO_BIG(1009),
  MANDATORY_EXTENSION(1010),
  INTERNAL_ERROR(1011),
  SERVICE_RESTART(1012),
  TRY_AGAIN_LATER(1013),
  BAD_GATEWAY(1014),
  /** Reported locally when the TLS handshake failed; never sent. */
  TLS_HANDSHAKE_FAILURE(1015);

  private final int code;

  CloseCode(int code) {
    this.code = code;
  }

  /** The numeric status code. */
  public int code() {
    return code;
  }

  /** Returns the registered constant for {@code code}, or {@code null} if it has none. */
  public static CloseCode fromCode(int code) {
    for (CloseCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }

  /**
   * Whether {@code code} may appear in a close frame: 1000–1003, 1007–1014 (registered, sendable)
   * and 3000–4999 (libraries, frameworks and applications). Everything else, including 1004, 1005,
   * 1006, 1015, 0–999, 1016–2999 and 5000 and above, is a protocol error when received and an
   * illegal argument when sent.
   */
  public static boolean isValidOnWire(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }
}
