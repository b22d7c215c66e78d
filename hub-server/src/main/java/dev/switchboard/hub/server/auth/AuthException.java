package dev.switchboard.hub.server.auth;

/**
 * A token or credential was rejected; {@link #reason()} says why and the message says what to do.
 * The REST layer answers 401 with the message as body; the client endpoint answers 401 to the
 * WebSocket handshake (or closes 1008 for a bad reconnection token). Immutable and thread-safe.
 */
public final class AuthException extends Exception {

  /** What was wrong with the token. */
  public enum Reason {
    /** No token where one is required. */
    MISSING_TOKEN,
    /** Not a compact JWS at all. */
    MALFORMED_TOKEN,
    /** {@code alg} other than HS256 (including {@code none}), or an encrypted token. */
    BAD_ALGORITHM,
    /** The signature matches none of the access keys. */
    BAD_SIGNATURE,
    /** {@code exp} lies in the past (beyond the allowed clock skew), or {@code nbf} in the future. */
    EXPIRED,
    /** {@code aud} does not name this request or hub. */
    WRONG_AUDIENCE,
    /** A required claim is absent or has the wrong type. */
    INVALID_CLAIM
  }

  private final Reason reason;

  public AuthException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
