package dev.switchboard.websocket.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelId;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * An accepted TCP connection on Netty's epoll transport that costs less heap than Netty's {@code
 * EpollSocketChannel} while idle, with the same I/O code (it is the same {@code
 * AbstractEpollStreamChannel} underneath): the remote IPv4 address and port are kept as one {@code
 * long} and made into an {@link InetSocketAddress} when asked (Netty keeps four objects, 96 bytes),
 * the local address is one instance shared by the connections of a listening socket (interned by
 * {@link CompactEpollServerChannel}), and the id is a {@link CompactChannelId}. Neither address is
 * cached by {@code AbstractChannel}. Made by {@link CompactEpollServerChannel} only.
 *
 * <p>Once a WebSocket session takes over ({@link #dispatchTo}), no handler of ours stays in the
 * pipeline: the events that reach its tail go to the session's {@link ChannelEvents} (a handler
 * would cost a 64-byte context per connection), and the session writes through the pipeline.
 *
 * <p>Thread-safety as any Netty channel: its methods may be called from any thread.
 */
final class CompactEpollSocketChannel extends AbstractEpollStreamChannel implements SocketChannel {

  // IPv4 remote: 1 << 48 | address << 16 | port (0 when remoteOther holds the address instead).
  private final long remote4;
  private final InetSocketAddress remoteOther;
  private final InetSocketAddress local;
  private final CompactEpollServerChannel parent;
  private final CompactEpollSocketChannelConfig config;
  // Where the events reaching the pipeline's tail go, once a session has taken over; set on the
  // loop, read there and by WebSocketServer's queries (volatile).
  private volatile ChannelEvents events;
  // The neighbours in its server's list of channels (ServerChannels), guarded by that list's lock.
  CompactEpollSocketChannel previousInServer;
  CompactEpollSocketChannel nextInServer;

  /**
   * @param address the accepted peer as the native accept wrote it: 4 address bytes (IPv4) or 16
   *     address bytes and a 4-byte scope id (IPv6), then a 4-byte port, all big-endian
   */
  CompactEpollSocketChannel(CompactEpollServerChannel parent, LinuxSocket socket, byte[] address, int offset, int len,
      InetSocketAddress local) throws UnknownHostException {
    // Not active at construction: Netty's active constructors look up and keep both addresses.
    super(socket, false);
    this.parent = parent;
    this.local = local;
    int port = readInt(address, offset + len - 4);
    if (len == 8) {
      this.remote4 = 1L << 48 | (readInt(address, offset) & 0xffffffffL) << 16 | port;
      this.remoteOther = null;
    } else {
      this.remote4 = 0;
      this.remoteOther = ipv6(address, offset, len, port);
    }
    this.config = new CompactEpollSocketChannelConfig(this);
    this.active = true;
  }

  private static InetSocketAddress ipv6(byte[] address, int offset, int len, int port) throws UnknownHostException {
    if (len != 24) {
      throw new IllegalArgumentException("unsupported socket address length " + len + " (8 or 24)");
    }
    byte[] ip = new byte[16];
    System.arraycopy(address, offset, ip, 0, 16);
    int scopeId = readInt(address, offset + 16);
    // The scope id only where it means something (non-zero, or a link-local address), as Netty does.
    InetAddress a = scopeId != 0 || (ip[0] == (byte) 0xfe && ip[1] == (byte) 0x80)
        ? Inet6Address.getByAddress(null, ip, scopeId)
        : InetAddress.getByAddress(null, ip);
    return new InetSocketAddress(a, port);
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  /**
   * On the loop: from now on the events that reach the end of the pipeline go to {@code target}
   * instead of being dropped (Netty's default: released, logged at debug).
   */
  void dispatchTo(ChannelEvents target) {
    this.events = target;
  }

  /** What the pipeline's tail hands its events to, or null (during the opening handshake). */
  ChannelEvents events() {
    return events;
  }

  @Override
  protected DefaultChannelPipeline newChannelPipeline() {
    return new Pipeline(this);
  }

  /**
   * Netty's pipeline whose tail hands its events to the channel's {@link ChannelEvents} when it
   * has some (no field of its own: it asks the channel).
   */
  private static final class Pipeline extends DefaultChannelPipeline {

    Pipeline(Channel channel) {
      super(channel);
    }

    private ChannelEvents events() {
      return ((CompactEpollSocketChannel) channel()).events;
    }

    @Override
    protected void onUnhandledInboundMessage(ChannelHandlerContext ctx, Object msg) {
      ChannelEvents e = events();
      if (e != null) {
        e.onChannelRead(msg);
      } else {
        super.onUnhandledInboundMessage(ctx, msg);
      }
    }

    @Override
    protected void onUnhandledInboundChannelReadComplete() {
      ChannelEvents e = events();
      if (e != null) {
        e.onChannelReadComplete();
      }
    }

    @Override
    protected void onUnhandledChannelWritabilityChanged() {
      ChannelEvents e = events();
      if (e != null) {
        e.onWritabilityChanged();
      }
    }

    @Override
    protected void onUnhandledInboundException(Throwable cause) {
      ChannelEvents e = events();
      if (e != null) {
        e.onException(cause);
      } else {
        super.onUnhandledInboundException(cause);
      }
    }

    @Override
    protected void onUnhandledInboundChannelInactive() {
      ChannelEvents e = events();
      if (e != null) {
        e.onChannelInactive();
      }
    }
  }

  @Override
  protected ChannelId newId() {
    return CompactChannelId.next();
  }

  @Override
  public ServerSocketChannel parent() {
    return parent;
  }

  @Override
  public CompactEpollSocketChannelConfig config() {
    return config;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress0();
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  protected SocketAddress localAddress0() {
    return local;
  }

  @Override
  protected InetSocketAddress remoteAddress0() {
    if (remoteOther != null) {
      return remoteOther;
    }
    int ip = (int) (remote4 >>> 16);
    byte[] bytes = {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), (int) (remote4 & 0xffff));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are an IPv4 address", e);
    }
  }

  /** The socket, for the config's options. */
  LinuxSocket socket() {
    return socket;
  }
}
