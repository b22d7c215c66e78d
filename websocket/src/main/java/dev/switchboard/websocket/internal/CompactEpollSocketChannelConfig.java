package dev.switchboard.websocket.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.util.Map;

/**
 * The options of a {@link CompactEpollSocketChannel}: the standard socket options, set on the
 * socket as Netty's {@code EpollSocketChannelConfig} does (TCP_NODELAY on by default where Netty
 * enables it, the gathering-write size following SO_SNDBUF). Not supported: SO_LINGER above 0
 * (Netty's epoll close path for it is not open to other channel classes), which throws {@link
 * ChannelException}; the epoll-only options (TCP_CORK, TCP_MD5SIG, ...) are unknown here. Thread-safe
 * as Netty's configs: each setter is one socket call or one volatile write.
 */
final class CompactEpollSocketChannelConfig extends EpollChannelConfig implements SocketChannelConfig {

  private volatile boolean allowHalfClosure;

  CompactEpollSocketChannelConfig(CompactEpollSocketChannel channel) {
    super(channel);
    if (PlatformDependent.canEnableTcpNoDelayByDefault()) {
      setTcpNoDelay(true);
    }
    gatheringWriteFromSendBuffer();
  }

  private void gatheringWriteFromSendBuffer() {
    // Twice SO_SNDBUF, as Netty's epoll socket config: room for the kernel draining while we gather.
    int bytes = getSendBufferSize() << 1;
    if (bytes > 0) {
      setMaxBytesPerGatheringWrite(bytes);
    }
  }

  @Override
  public Map<ChannelOption<?>, Object> getOptions() {
    return getOptions(super.getOptions(), ChannelOption.SO_RCVBUF, ChannelOption.SO_SNDBUF,
        ChannelOption.TCP_NODELAY, ChannelOption.SO_KEEPALIVE, ChannelOption.SO_REUSEADDR, ChannelOption.SO_LINGER,
        ChannelOption.IP_TOS, ChannelOption.ALLOW_HALF_CLOSURE);
  }

  @SuppressWarnings("unchecked")
  @Override
  public <T> T getOption(ChannelOption<T> option) {
    if (option == ChannelOption.SO_RCVBUF) {
      return (T) Integer.valueOf(getReceiveBufferSize());
    }
    if (option == ChannelOption.SO_SNDBUF) {
      return (T) Integer.valueOf(getSendBufferSize());
    }
    if (option == ChannelOption.TCP_NODELAY) {
      return (T) Boolean.valueOf(isTcpNoDelay());
    }
    if (option == ChannelOption.SO_KEEPALIVE) {
      return (T) Boolean.valueOf(isKeepAlive());
    }
    if (option == ChannelOption.SO_REUSEADDR) {
      return (T) Boolean.valueOf(isReuseAddress());
    }
    if (option == ChannelOption.SO_LINGER) {
      return (T) Integer.valueOf(getSoLinger());
    }
    if (option == ChannelOption.IP_TOS) {
      return (T) Integer.valueOf(getTrafficClass());
    }
    if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
      return (T) Boolean.valueOf(isAllowHalfClosure());
    }
    return super.getOption(option);
  }

  @Override
  public <T> boolean setOption(ChannelOption<T> option, T value) {
    validate(option, value);
    if (option == ChannelOption.SO_RCVBUF) {
      setReceiveBufferSize((Integer) value);
    } else if (option == ChannelOption.SO_SNDBUF) {
      setSendBufferSize((Integer) value);
    } else if (option == ChannelOption.TCP_NODELAY) {
      setTcpNoDelay((Boolean) value);
    } else if (option == ChannelOption.SO_KEEPALIVE) {
      setKeepAlive((Boolean) value);
    } else if (option == ChannelOption.SO_REUSEADDR) {
      setReuseAddress((Boolean) value);
    } else if (option == ChannelOption.SO_LINGER) {
      setSoLinger((Integer) value);
    } else if (option == ChannelOption.IP_TOS) {
      setTrafficClass((Integer) value);
    } else if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
      setAllowHalfClosure((Boolean) value);
    } else {
      return super.setOption(option, value);
    }
    return true;
  }

  private CompactEpollSocketChannel ch() {
    return (CompactEpollSocketChannel) channel;
  }

  @Override
  public boolean isTcpNoDelay() {
    try {
      return ch().socket().isTcpNoDelay();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setTcpNoDelay(boolean on) {
    try {
      ch().socket().setTcpNoDelay(on);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public int getSoLinger() {
    try {
      return ch().socket().getSoLinger();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setSoLinger(int seconds) {
    if (seconds > 0) {
      throw new ChannelException("SO_LINGER " + seconds + ": a lingering close is not supported by "
          + getClass().getSimpleName() + " (only 0 or negative: off)");
    }
    try {
      ch().socket().setSoLinger(seconds);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public int getSendBufferSize() {
    try {
      return ch().socket().getSendBufferSize();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setSendBufferSize(int bytes) {
    try {
      ch().socket().setSendBufferSize(bytes);
      gatheringWriteFromSendBuffer();
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public int getReceiveBufferSize() {
    try {
      return ch().socket().getReceiveBufferSize();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setReceiveBufferSize(int bytes) {
    try {
      ch().socket().setReceiveBufferSize(bytes);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public boolean isKeepAlive() {
    try {
      return ch().socket().isKeepAlive();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setKeepAlive(boolean on) {
    try {
      ch().socket().setKeepAlive(on);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public int getTrafficClass() {
    try {
      return ch().socket().getTrafficClass();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setTrafficClass(int trafficClass) {
    try {
      ch().socket().setTrafficClass(trafficClass);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public boolean isReuseAddress() {
    try {
      return ch().socket().isReuseAddress();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setReuseAddress(boolean on) {
    try {
      ch().socket().setReuseAddress(on);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public CompactEpollSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    return this; // no effect on a socket, as in Netty's configs
  }

  @Override
  public boolean isAllowHalfClosure() {
    return allowHalfClosure;
  }

  @Override
  public CompactEpollSocketChannelConfig setAllowHalfClosure(boolean allow) {
    this.allowHalfClosure = allow;
    return this;
  }

  // The generic options, with this type for the interface.

  @Override
  public CompactEpollSocketChannelConfig setConnectTimeoutMillis(int millis) {
    super.setConnectTimeoutMillis(millis);
    return this;
  }

  @Override
  @Deprecated
  public CompactEpollSocketChannelConfig setMaxMessagesPerRead(int max) {
    super.setMaxMessagesPerRead(max);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setWriteSpinCount(int count) {
    super.setWriteSpinCount(count);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
    super.setAllocator(allocator);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
    super.setRecvByteBufAllocator(allocator);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setAutoRead(boolean autoRead) {
    super.setAutoRead(autoRead);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setAutoClose(boolean autoClose) {
    super.setAutoClose(autoClose);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
    super.setMessageSizeEstimator(estimator);
    return this;
  }

  @Override
  public CompactEpollSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark waterMark) {
    super.setWriteBufferWaterMark(waterMark);
    return this;
  }
}
