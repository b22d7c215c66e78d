package dev.switchboard.websocket.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Picks the transport: native epoll where it loads (Linux), NIO otherwise. Setting the system
 * property {@code switchboard.transport=nio} forces NIO. Stateless and thread-safe.
 */
public final class Transports {

  private static final boolean EPOLL =
      !"nio".equalsIgnoreCase(System.getProperty("switchboard.transport")) && Epoll.isAvailable();

  private Transports() {}

  /** "epoll" or "nio". */
  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  public static EventLoopGroup newGroup(int threads, String threadPrefix) {
    IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true), factory);
  }

  public static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Whether {@link #reusePort} works here: SO_REUSEPORT is an epoll option. */
  public static boolean supportsReusePort() {
    return EPOLL;
  }

  /** Sets SO_REUSEPORT on the listening sockets {@code bootstrap} binds (epoll only). */
  public static void reusePort(ServerBootstrap bootstrap) {
    bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
  }
}
