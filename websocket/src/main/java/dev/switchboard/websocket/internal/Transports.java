package dev.switchboard.websocket.internal;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the transport once per process: the system property {@code switchboard.transport} names
 * it ({@code epoll}, {@code io_uring} or {@code nio}); without it, native epoll where it loads
 * (Linux), NIO otherwise. A named native transport that does not load here (an old kernel,
 * io_uring disabled by {@code kernel.io_uring_disabled}, not Linux) falls back to epoll, then
 * NIO, with a warning saying why; an unknown name gets the default, with a warning. Stateless and
 * thread-safe.
 */
public final class Transports {

  private static final Logger log = LoggerFactory.getLogger(Transports.class);

  /** The transports, in the order of fallback. */
  enum Kind {
    IO_URING,
    EPOLL,
    NIO
  }

  private static final IoUringSettings IO_URING;
  private static final Kind KIND;

  static {
    Kind kind = choose(System.getProperty("switchboard.transport"));
    IoUringSettings settings = IoUringSettings.DEFAULT;
    if (kind == Kind.IO_URING) {
      settings = IoUringSettings.fromSystemProperties();
      kind = probe(settings, IoUringIoHandler.newFactory(settings.handlerConfig()));
    }
    IO_URING = settings;
    KIND = kind;
  }
  /**
   * The largest buffer one socket read fills, in bytes: {@code switchboard.maxReadBytes}, default
   * 256 KiB (Netty's default is 64 KiB). Reads are sized adaptively from 2 KiB, so only
   * connections whose reads fill their buffers get large ones; a 64 KiB message then usually
   * arrives in one read and is delivered from it, not assembled from several (19 % less CPU per
   * 64 KiB echo, docs/benchmarks.md).
   */
  static final int MAX_READ_BYTES = maxReadBytes(System.getProperty("switchboard.maxReadBytes"));

  // One allocator for every channel (each still gets its own handle); Netty's default is a new
  // instance per channel.
  private static final RecvByteBufAllocator PER_CHANNEL_RECEIVE = receiveSizing();

  /** Netty's adaptive read sizing (64 B to {@link #MAX_READ_BYTES}, starting at 2 KiB). */
  static AdaptiveRecvByteBufAllocator receiveSizing() {
    return new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES);
  }

  static int maxReadBytes(String property) {
    int fallback = 256 * 1024;
    if (property == null || property.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(property.trim());
      if (value >= 4096 && value <= 16 << 20) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    log.warn("switchboard.maxReadBytes={} is not a number of bytes from 4096 to 16777216; using {}", property, fallback);
    return fallback;
  }

  private Transports() {}

  static Kind choose(String property) {
    String wanted = property == null ? "epoll" : property.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (wanted) {
      case "io_uring":
      case "iouring":
        if (IoUring.isAvailable()) {
          return Kind.IO_URING;
        }
        log.warn("switchboard.transport=io_uring, but io_uring is not available here ({}): falling back",
            IoUring.unavailabilityCause().toString());
        return Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
      case "nio":
        return Kind.NIO;
      case "epoll":
        if (property != null && !Epoll.isAvailable()) {
          log.warn("switchboard.transport=epoll, but epoll is not available here ({}): using NIO",
              Epoll.unavailabilityCause().toString());
        }
        return Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
      default:
        log.warn("switchboard.transport={} is not a transport (use epoll, io_uring or nio): using the default",
            property);
        return choose(null);
    }
  }

  /**
   * Sets up one ring with {@code settings} and takes it down again, so that a ring the kernel
   * refuses (memory-lock limit, a buffer ring it cannot register) falls back here, with a warning,
   * instead of failing every server and client of the process later.
   */
  static Kind probe(IoUringSettings settings, IoHandlerFactory factory) {
    try {
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
      log.info("transport {}", settings);
      return Kind.IO_URING;
    } catch (RuntimeException | LinkageError e) {
      Kind fallback = Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
      log.warn("switchboard.transport=io_uring, but a ring with {} could not be set up ({}): using {}", settings,
          e.toString(), fallback.name().toLowerCase(Locale.ROOT));
      return fallback;
    }
  }

  /** "io_uring", "epoll" or "nio". */
  public static String name() {
    return KIND.name().toLowerCase(Locale.ROOT);
  }

  public static EventLoopGroup newGroup(int threads, String threadPrefix) {
    IoHandlerFactory factory;
    switch (KIND) {
      case IO_URING:
        factory = IoUringIoHandler.newFactory(IO_URING.handlerConfig());
        break;
      case EPOLL:
        factory = EpollIoHandler.newFactory();
        break;
      default:
        factory = NioIoHandler.newFactory();
    }
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true), factory);
  }

  /**
   * Listening sockets for a server: on epoll, {@link CompactEpollServerChannel}, whose accepted
   * connections hold less heap than Netty's while idle (same I/O code); Netty's own classes on the
   * other transports.
   */
  public static ChannelFactory<? extends ServerChannel> serverChannel() {
    switch (KIND) {
      case IO_URING:
        return IoUringServerSocketChannel::new;
      case EPOLL:
        return CompactEpollServerChannel::new;
      default:
        return NioServerSocketChannel::new;
    }
  }

  /**
   * The receive-buffer sizing of a server's connections: on epoll and NIO one handle per event
   * loop ({@link LoopSharedReceiveAllocator}), on io_uring one allocator and a handle per channel.
   */
  public static RecvByteBufAllocator serverReceiveAllocator() {
    return KIND == Kind.IO_URING ? PER_CHANNEL_RECEIVE : LoopSharedReceiveAllocator.INSTANCE;
  }

  public static Class<? extends SocketChannel> socketChannel() {
    switch (KIND) {
      case IO_URING:
        return IoUringSocketChannel.class;
      case EPOLL:
        return EpollSocketChannel.class;
      default:
        return NioSocketChannel.class;
    }
  }

  /** Sets the transport's options on the channels {@code bootstrap} creates (a server's: its children). */
  public static void configure(AbstractBootstrap<?, ?> bootstrap) {
    if (KIND == Kind.IO_URING) {
      IO_URING.configure(bootstrap);
    }
  }

  /** Whether {@link #reusePort} works here: SO_REUSEPORT is an option of the native transports. */
  public static boolean supportsReusePort() {
    return KIND != Kind.NIO;
  }

  /** Sets SO_REUSEPORT on the listening sockets {@code bootstrap} binds (native transports only). */
  public static void reusePort(ServerBootstrap bootstrap) {
    bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
  }
}
