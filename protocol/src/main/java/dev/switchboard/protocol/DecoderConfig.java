package dev.switchboard.protocol;

/**
 * What a {@link FrameDecoder} accepts. Immutable and thread-safe.
 *
 * @param role which end decodes; a server requires masked frames, a client unmasked ones
 * @param maxFramePayloadBytes the largest frame payload accepted; a larger one fails with
 *     {@link CloseCode#MESSAGE_TOO_BIG} (1009) as soon as its header is read
 * @param maxMessageBytes the largest message (sum of its frames' payloads, as received) accepted;
 *     beyond it the decoder fails with {@link CloseCode#MESSAGE_TOO_BIG} (1009)
 * @param rsv1Allowed whether RSV1 may mark the first frame of a message as compressed, which is
 *     true only once permessage-deflate (RFC 7692) has been negotiated
 * @param acceptUnmasked whether a server accepts unmasked frames from its client as well as masked
 *     ones (default false: an unmasked frame fails with {@link CloseCode#PROTOCOL_ERROR} 1002, as
 *     RFC 6455 §5.1 requires). True <strong>breaks RFC 6455 §5.1</strong>: use it only for trusted
 *     clients that send unmasked frames on purpose ({@link EncoderConfig#sendUnmasked()}), e.g.
 *     on one host. Masked frames are always accepted. Ignored for clients, which always fail a
 *     masked frame from their server.
 */
public record DecoderConfig(
    Role role, long maxFramePayloadBytes, long maxMessageBytes, boolean rsv1Allowed, boolean acceptUnmasked) {

  /** 16 MiB: the default largest frame and message. */
  public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  public DecoderConfig {
    if (role == null) {
      throw new IllegalArgumentException("role must not be null");
    }
    if (maxFramePayloadBytes < 125) {
      throw new IllegalArgumentException(
          "maxFramePayloadBytes must be at least 125 (control frames may carry 125 bytes), was " + maxFramePayloadBytes);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
  }

  /** Defaults for {@code role}: 16 MiB frames and messages, no extensions, masking as the RFC says. */
  public static DecoderConfig of(Role role) {
    return new DecoderConfig(role, DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES, false, false);
  }

  public DecoderConfig withMaxFramePayloadBytes(long bytes) {
    return new DecoderConfig(role, bytes, maxMessageBytes, rsv1Allowed, acceptUnmasked);
  }

  public DecoderConfig withMaxMessageBytes(long bytes) {
    return new DecoderConfig(role, maxFramePayloadBytes, bytes, rsv1Allowed, acceptUnmasked);
  }

  public DecoderConfig withRsv1Allowed(boolean allowed) {
    return new DecoderConfig(role, maxFramePayloadBytes, maxMessageBytes, allowed, acceptUnmasked);
  }

  public DecoderConfig withAcceptUnmasked(boolean accept) {
    return new DecoderConfig(role, maxFramePayloadBytes, maxMessageBytes, rsv1Allowed, accept);
  }
}
