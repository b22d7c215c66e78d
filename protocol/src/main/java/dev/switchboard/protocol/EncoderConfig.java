package dev.switchboard.protocol;

/**
 * How frames are written for one end of a connection: whether they carry a mask. Immutable and
 * thread-safe.
 *
 * <p>RFC 6455 §5.1: a client masks every frame it sends, a server never masks. {@link
 * #withSendUnmasked(boolean) withSendUnmasked(true)} makes a client break that rule and send
 * unmasked frames, which saves the masking work but <strong>is not RFC 6455 compliant</strong>:
 * a compliant server closes the connection with 1002 on the first frame. Use it only between
 * trusted peers that both opted in (e.g. processes on one host), whose server decodes with
 * {@link DecoderConfig#acceptUnmasked()}. Masking protects intermediaries (proxies, caches) from
 * attacker-chosen bytes (RFC 6455 §10.3); nothing here ever turns it off by default.
 *
 * @param role which end encodes
 * @param sendUnmasked a client that sends unmasked frames (breaks RFC 6455 §5.1); always false
 *     for a server, which never masks anyway
 */
public record EncoderConfig(Role role, boolean sendUnmasked) {

  public EncoderConfig {
    if (role == null) {
      throw new IllegalArgumentException("role must not be null");
    }
    if (sendUnmasked && role == Role.SERVER) {
      throw new IllegalArgumentException(
          "sendUnmasked is for clients only: a server never masks its frames (RFC 6455 §5.1)");
    }
  }

  /** As RFC 6455 §5.1 says: a client masks, a server does not. */
  public static EncoderConfig of(Role role) {
    return new EncoderConfig(role, false);
  }

  /**
   * A copy whose client sends unmasked frames (true) or masks as the RFC says (false).
   *
   * @throws IllegalArgumentException for {@code true} on a server
   */
  public EncoderConfig withSendUnmasked(boolean unmasked) {
    return new EncoderConfig(role, unmasked);
  }

  /** Whether frames written with this configuration carry a mask key. */
  public boolean masks() {
    return role.masksOutgoing() && !sendUnmasked;
  }
}
