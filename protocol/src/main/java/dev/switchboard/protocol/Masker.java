package dev.switchboard.protocol;

import java.nio.ByteBuffer;

/**
 * Masks (or unmasks: the same operation) bytes of a buffer in place, RFC 6455 §5.3, for a
 * {@link FrameDecoder}. Implementations must be stateless and thread-safe, as {@link #DEFAULT}
 * is.
 *
 * <p>{@link #DEFAULT} is {@link Masking#maskInPlace}, pure Java on any buffer. A transport that
 * can reach its buffers' memory more directly than {@link ByteBuffer}'s accessors allow (Netty's
 * websocket module masks direct buffers through their address, several times faster at 64 KiB on
 * JDK 17) passes its own to {@link FrameDecoder#FrameDecoder(DecoderConfig, FrameDecoder.Handler,
 * Masker)}; it must give exactly {@link Masking#maskInPlace}'s result and contract for every
 * buffer, falling back to it for buffers it does not handle.
 */
@FunctionalInterface
public interface Masker {

  /** {@link Masking#maskInPlace}. */
  Masker DEFAULT = Masking::maskInPlace;

  /**
   * XORs {@code buf[from, to)} in place with the key, starting at key byte {@code offset}, and
   * returns the key offset for the byte after {@code to}; as {@link Masking#maskInPlace}.
   *
   * @throws IllegalArgumentException if {@code buf} is read-only
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= buf.limit()}
   */
  int maskInPlace(ByteBuffer buf, int from, int to, int maskKey, int offset);
}
