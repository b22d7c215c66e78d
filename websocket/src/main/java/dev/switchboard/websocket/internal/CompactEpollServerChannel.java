package dev.switchboard.websocket.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.AbstractEpollServerChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannelConfig;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A listening TCP socket on Netty's epoll transport whose accepted connections are {@link
 * CompactEpollSocketChannel}s (Netty's {@code EpollServerSocketChannel} is final and makes {@code
 * EpollSocketChannel}s). The accepted connections' local addresses are interned here: a socket
 * bound to one address gives every connection the same local address, one bound to a wildcard
 * address one per local interface address, so one instance each serves them all. Options as
 * Netty's epoll server socket: SO_BACKLOG, SO_REUSEADDR (on by default), SO_RCVBUF, SO_REUSEPORT.
 * Thread-safety as any Netty channel; the intern table is touched on this channel's event loop only.
 */
final class CompactEpollServerChannel extends AbstractEpollServerChannel implements ServerSocketChannel {

  // Distinct local addresses kept; past it (a host with more addresses than this) each
  // connection keeps its own, as with Netty's channel.
  private static final int MAX_INTERNED_LOCALS = 64;

  private final Config config = new Config(this);
  private final Map<InetSocketAddress, InetSocketAddress> locals = new HashMap<>();

  CompactEpollServerChannel() {
    super(LinuxSocket.newSocketStream(), false);
    config.setReuseAddress(true); // as Netty's epoll and NIO server sockets
  }

  @Override
  protected void doBind(SocketAddress localAddress) throws Exception {
    super.doBind(localAddress);
    socket.listen(config.getBacklog());
    active = true;
  }

  @Override
  protected Channel newChildChannel(int fd, byte[] address, int offset, int len) throws Exception {
    LinuxSocket child = LinuxSocket.newSocket(fd);
    return new CompactEpollSocketChannel(this, child, address, offset, len, intern(child.localAddress()));
  }

  private InetSocketAddress intern(InetSocketAddress local) {
    InetSocketAddress known = locals.get(local);
    if (known != null) {
      return known;
    }
    if (locals.size() < MAX_INTERNED_LOCALS) {
      locals.put(local, local);
    }
    return local;
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) super.localAddress();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return null;
  }

  /** The listening socket's options. */
  static final class Config extends EpollChannelConfig implements ServerSocketChannelConfig {

    private volatile int backlog = NetUtil.SOMAXCONN;

    Config(CompactEpollServerChannel channel) {
      super(channel, new ServerChannelRecvByteBufAllocator());
    }

    private LinuxSocket sock() {
      return ((CompactEpollServerChannel) channel).socket;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
      return getOptions(super.getOptions(), ChannelOption.SO_RCVBUF, ChannelOption.SO_REUSEADDR,
          ChannelOption.SO_BACKLOG, UnixChannelOption.SO_REUSEPORT);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
      if (option == ChannelOption.SO_RCVBUF) {
        return (T) Integer.valueOf(getReceiveBufferSize());
      }
      if (option == ChannelOption.SO_REUSEADDR) {
        return (T) Boolean.valueOf(isReuseAddress());
      }
      if (option == ChannelOption.SO_BACKLOG) {
        return (T) Integer.valueOf(getBacklog());
      }
      if (option == UnixChannelOption.SO_REUSEPORT) {
        return (T) Boolean.valueOf(isReusePort());
      }
      return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
      validate(option, value);
      if (option == ChannelOption.SO_RCVBUF) {
        setReceiveBufferSize((Integer) value);
      } else if (option == ChannelOption.SO_REUSEADDR) {
        setReuseAddress((Boolean) value);
      } else if (option == ChannelOption.SO_BACKLOG) {
        setBacklog((Integer) value);
      } else if (option == UnixChannelOption.SO_REUSEPORT) {
        setReusePort((Boolean) value);
      } else {
        return super.setOption(option, value);
      }
      return true;
    }

    boolean isReusePort() {
      try {
        return sock().isReusePort();
      } catch (IOException e) {
        throw new ChannelException(e);
      }
    }

    void setReusePort(boolean on) {
      try {
        sock().setReusePort(on);
      } catch (IOException e) {
        throw new ChannelException(e);
      }
    }

    @Override
    public int getBacklog() {
      return backlog;
    }

    @Override
    public Config setBacklog(int backlog) {
      if (backlog < 0) {
        throw new IllegalArgumentException("backlog: " + backlog + " (expected: >= 0)");
      }
      this.backlog = backlog;
      return this;
    }

    @Override
    public boolean isReuseAddress() {
      try {
        return sock().isReuseAddress();
      } catch (IOException e) {
        throw new ChannelException(e);
      }
    }

    @Override
    public Config setReuseAddress(boolean on) {
      try {
        sock().setReuseAddress(on);
        return this;
      } catch (IOException e) {
        throw new ChannelException(e);
      }
    }

    @Override
    public int getReceiveBufferSize() {
      try {
        return sock().getReceiveBufferSize();
      } catch (IOException e) {
        throw new ChannelException(e);
      }
    }

    @Override
    public Config setReceiveBufferSize(int bytes) {
      try {
        sock().setReceiveBufferSize(bytes);
        return this;
      } catch (IOException e) {
        throw new ChannelException(e);
      }
    }

    @Override
    public Config setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
      return this;
    }

    @Override
    public Config setConnectTimeoutMillis(int millis) {
      super.setConnectTimeoutMillis(millis);
      return this;
    }

    @Override
    @Deprecated
    public Config setMaxMessagesPerRead(int max) {
      super.setMaxMessagesPerRead(max);
      return this;
    }

    @Override
    public Config setWriteSpinCount(int count) {
      super.setWriteSpinCount(count);
      return this;
    }

    @Override
    public Config setAllocator(ByteBufAllocator allocator) {
      super.setAllocator(allocator);
      return this;
    }

    @Override
    public Config setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
      super.setRecvByteBufAllocator(allocator);
      return this;
    }

    @Override
    public Config setAutoRead(boolean autoRead) {
      super.setAutoRead(autoRead);
      return this;
    }

    @Override
    public Config setMessageSizeEstimator(MessageSizeEstimator estimator) {
      super.setMessageSizeEstimator(estimator);
      return this;
    }

    @Override
    @Deprecated
    public Config setWriteBufferHighWaterMark(int bytes) {
      super.setWriteBufferHighWaterMark(bytes);
      return this;
    }

    @Override
    @Deprecated
    public Config setWriteBufferLowWaterMark(int bytes) {
      super.setWriteBufferLowWaterMark(bytes);
      return this;
    }

    @Override
    public Config setWriteBufferWaterMark(WriteBufferWaterMark waterMark) {
      super.setWriteBufferWaterMark(waterMark);
      return this;
    }
  }
}
