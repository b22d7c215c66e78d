package dev.switchboard.protocol;

import java.util.zip.Deflater;

/**
 * How one side uses permessage-deflate (RFC 7692). Immutable and thread-safe.
 *
 * <p>Any window the peer compresses with can be inflated, and any window the peer sets for us is
 * honoured: below 15 bits with Huffman-only compression (see {@link MessageDeflater}). A client
 * therefore always offers {@code client_max_window_bits}.
 *
 * @param compressionLevel 0–9 ({@link Deflater#BEST_SPEED} is 1, the default 6 is zlib's)
 * @param thresholdBytes messages shorter than this are sent uncompressed (default 1024); so is any
 *     message that compressing would not make smaller
 * @param noContextTakeover ask that our compressor be reset after every message (less memory
 *     and CPU per connection, worse ratio); the peer may also ask it of us, which we always grant
 * @param requestPeerNoContextTakeover ask the peer to reset its compressor after every message,
 *     so our inflater holds no context between messages
 */
public record DeflateConfig(
    int compressionLevel, int thresholdBytes, boolean noContextTakeover, boolean requestPeerNoContextTakeover) {

  /** zlib's default level 6, a 1 KiB threshold, context takeover both ways. */
  public static final DeflateConfig DEFAULT = new DeflateConfig(6, 1024, false, false);

  public DeflateConfig {
    if (compressionLevel < 0 || compressionLevel > 9) {
      throw new IllegalArgumentException("compressionLevel must be 0-9, was " + compressionLevel);
    }
    if (thresholdBytes < 0) {
      throw new IllegalArgumentException("thresholdBytes must not be negative, was " + thresholdBytes);
    }
  }

  public DeflateConfig withCompressionLevel(int level) {
    return new DeflateConfig(level, thresholdBytes, noContextTakeover, requestPeerNoContextTakeover);
  }

  public DeflateConfig withThresholdBytes(int bytes) {
    return new DeflateConfig(compressionLevel, bytes, noContextTakeover, requestPeerNoContextTakeover);
  }

  public DeflateConfig withNoContextTakeover(boolean on) {
    return new DeflateConfig(compressionLevel, thresholdBytes, on, requestPeerNoContextTakeover);
  }

  public DeflateConfig withRequestPeerNoContextTakeover(boolean on) {
    return new DeflateConfig(compressionLevel, thresholdBytes, noContextTakeover, on);
  }
}
