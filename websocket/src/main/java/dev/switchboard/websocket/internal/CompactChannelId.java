package dev.switchboard.websocket.internal;

import io.netty.channel.ChannelId;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel id of one {@code long} (24 bytes instead of the 48 of Netty's {@code DefaultChannelId}):
 * a process-wide counter that starts at a random value, printed after the process id and the
 * process start time, so that long texts stay unique across processes of a machine and restarts.
 * Immutable and thread-safe.
 */
final class CompactChannelId implements ChannelId {

  private static final long serialVersionUID = 1L;
  private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong());
  private static final String PREFIX = Long.toHexString(ProcessHandle.current().pid()) + '-'
      + Long.toHexString(System.currentTimeMillis()) + '-';

  private final long value;

  private CompactChannelId(long value) {
    this.value = value;
  }

  static CompactChannelId next() {
    return new CompactChannelId(NEXT.getAndIncrement());
  }

  @Override
  public String asShortText() {
    return String.format("%016x", value);
  }

  @Override
  public String asLongText() {
    return PREFIX + asShortText();
  }

  @Override
  public int compareTo(ChannelId other) {
    if (other instanceof CompactChannelId) {
      return Long.compareUnsigned(value, ((CompactChannelId) other).value);
    }
    return asLongText().compareTo(other.asLongText());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompactChannelId && ((CompactChannelId) o).value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return asShortText();
  }
}
