package dev.switchboard.websocket.internal;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The io_uring transport's tuning, read once from system properties (documented with their
 * defaults in docs/server.md, "Transport"):
 *
 * <ul>
 *   <li>{@code switchboard.io_uring.ringSize}: submission queue entries per event loop (default
 *       {@value #DEFAULT_RING_SIZE}); a full queue is submitted early, it never fails.
 *   <li>{@code switchboard.io_uring.cqSize}: completion queue entries, at least the ring size
 *       (default {@value #DEFAULT_CQ_SIZE}).
 *   <li>{@code switchboard.io_uring.singleIssuer}: {@code IORING_SETUP_SINGLE_ISSUER} with
 *       {@code DEFER_TASKRUN} (completions are run when the loop asks for them, not by interrupting
 *       it); default {@code true}, as each ring is only used by its own event loop.
 *   <li>{@code switchboard.io_uring.bufferRing}: provided buffers per event loop (a power of two up
 *       to 32768; 0 turns buffer rings off, default {@value #DEFAULT_BUFFER_RING}). With a buffer
 *       ring a socket's receive takes a buffer only when data arrives, and is multishot (armed
 *       once, completes many times); without one, every socket has a receive buffer pinned while it
 *       waits.
 *   <li>{@code switchboard.io_uring.bufferBytes}: size of each provided buffer; 0 sizes them
 *       adaptively from 1 KiB to 64 KiB by what the reads fill (default {@value
 *       #DEFAULT_BUFFER_BYTES}).
 *   <li>{@code switchboard.io_uring.bufferIncremental}: incremental buffer consumption (a buffer is
 *       shared by several small reads; Linux 6.12+); default {@code false}.
 * </ul>
 *
 * A value that is not a number, out of range or not supported by the kernel gets a warning that
 * names the property and the default is used instead. Immutable and thread-safe.
 */
public record IoUringSettings(
    int ringSize, int cqSize, boolean singleIssuer, int bufferRing, int bufferBytes, boolean bufferIncremental) {

  private static final Logger log = LoggerFactory.getLogger(IoUringSettings.class);

  static final String PREFIX = "switchboard.io_uring.";
  static final int DEFAULT_RING_SIZE = 128;
  static final int DEFAULT_CQ_SIZE = 4096;
  static final int DEFAULT_BUFFER_RING = 0;
  static final int DEFAULT_BUFFER_BYTES = 0;
  static final int MAX_BUFFER_RING = 32768;
  static final int MAX_BUFFER_BYTES = 1 << 20;
  /** The buffer group our channels receive from; each event loop registers its own ring under it. */
  static final short BUFFER_GROUP = 1;

  /** Netty's defaults for ring and completion queue, and no buffer ring. */
  public static final IoUringSettings DEFAULT =
      new IoUringSettings(DEFAULT_RING_SIZE, DEFAULT_CQ_SIZE, true, DEFAULT_BUFFER_RING, DEFAULT_BUFFER_BYTES, false);

  /** The settings of this process, from system properties. */
  public static IoUringSettings fromSystemProperties() {
    return parse(System::getProperty, IoUring.isAvailable() && IoUring.isRegisterBufferRingSupported(),
        IoUring.isAvailable() && IoUring.isRegisterBufferRingIncSupported());
  }

  /**
   * Reads the settings from {@code properties} (a property name to its value or null); with
   * {@code bufferRingsSupported} false a buffer ring is refused with a warning, and likewise
   * incremental consumption without {@code incrementalSupported}.
   */
  static IoUringSettings parse(UnaryOperator<String> properties, boolean bufferRingsSupported,
      boolean incrementalSupported) {
    int ring = intProperty(properties, "ringSize", DEFAULT_RING_SIZE, 1, 32768);
    int cq = intProperty(properties, "cqSize", Math.max(DEFAULT_CQ_SIZE, ring), 1, 1 << 20);
    if (cq < ring) {
      log.warn("{}cqSize={} is below {}ringSize={}: using {}", PREFIX, cq, PREFIX, ring, ring);
      cq = ring;
    }
    boolean single = booleanProperty(properties, "singleIssuer", true);
    int buffers = intProperty(properties, "bufferRing", DEFAULT_BUFFER_RING, 0, MAX_BUFFER_RING);
    if (buffers != 0 && Integer.bitCount(buffers) != 1) {
      log.warn("{}bufferRing={} is not a power of two: using {}", PREFIX, buffers, Integer.highestOneBit(buffers));
      buffers = Integer.highestOneBit(buffers);
    }
    if (buffers != 0 && !bufferRingsSupported) {
      log.warn("{}bufferRing={}, but this kernel cannot register buffer rings (Linux 5.19+): receiving without one",
          PREFIX, buffers);
      buffers = 0;
    }
    int bytes = intProperty(properties, "bufferBytes", DEFAULT_BUFFER_BYTES, 0, MAX_BUFFER_BYTES);
    boolean incremental = booleanProperty(properties, "bufferIncremental", false);
    if (incremental && !incrementalSupported) {
      log.warn("{}bufferIncremental=true, but this kernel has no incremental buffer rings (Linux 6.12+): using whole buffers",
          PREFIX);
      incremental = false;
    }
    return new IoUringSettings(ring, cq, single, buffers, bytes, incremental);
  }

  private static int intProperty(UnaryOperator<String> properties, String name, int dflt, int min, int max) {
    String value = properties.apply(PREFIX + name);
    if (value == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // warned below
    }
    log.warn("{}{}={} is not a whole number from {} to {}: using {}", PREFIX, name, value, min, max, dflt);
    return dflt;
  }

  private static boolean booleanProperty(UnaryOperator<String> properties, String name, boolean dflt) {
    String value = properties.apply(PREFIX + name);
    if (value == null) {
      return dflt;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        log.warn("{}{}={} is not true or false: using {}", PREFIX, name, value, dflt);
        return dflt;
    }
  }

  boolean hasBufferRing() {
    return bufferRing > 0;
  }

  /** Netty's configuration of one event loop's ring (each loop gets its own buffer ring). */
  IoUringIoHandlerConfig handlerConfig() {
    IoUringIoHandlerConfig config = new IoUringIoHandlerConfig()
        .setRingSize(ringSize)
        .setCqSize(cqSize)
        .setSingleIssuer(singleIssuer);
    if (hasBufferRing()) {
      IoUringBufferRingAllocator allocator = bufferBytes == 0
          ? new IoUringAdaptiveBufferRingAllocator()
          : new IoUringFixedBufferRingAllocator(bufferBytes);
      config.setBufferRingConfig(IoUringBufferRingConfig.builder()
          .bufferGroupId(BUFFER_GROUP)
          .bufferRingSize((short) Math.min(bufferRing, Short.MAX_VALUE))
          .batchSize(Math.max(1, bufferRing / 2))
          .allocator(allocator)
          .incremental(bufferIncremental)
          .build());
    }
    return config;
  }

  /** Makes the channels that {@code bootstrap} creates receive from the buffer ring, if there is one. */
  void configure(AbstractBootstrap<?, ?> bootstrap) {
    if (!hasBufferRing()) {
      return;
    }
    if (bootstrap instanceof ServerBootstrap) {
      ((ServerBootstrap) bootstrap).childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
    } else {
      bootstrap.option(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
    }
  }

  @Override
  public String toString() {
    return "io_uring[ringSize=" + ringSize + ", cqSize=" + cqSize + ", singleIssuer=" + singleIssuer
        + ", bufferRing=" + (bufferRing == 0 ? "off" : bufferRing + " x " + (bufferBytes == 0 ? "adaptive" : bufferBytes + " B")
        + (bufferIncremental ? ", incremental" : ""))
        + "]";
  }
}
