package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CompactEpollServerChannel} and its {@link CompactEpollSocketChannel}s over loopback: they
 * answer what Netty's epoll channels answer (addresses, parent, options, ids) and carry bytes both
 * ways; only where they keep it differs.
 */
class CompactEpollChannelTest {

  private EventLoopGroup group;
  private Channel server;
  private final LinkedBlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();

  @BeforeEach
  void epollOnly() {
    assumeTrue(Epoll.isAvailable(), "epoll is not available here");
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().sync();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private int listen(String host) throws Exception {
    server = new ServerBootstrap().group(group).channelFactory(CompactEpollServerChannel::new)
        .option(ChannelOption.SO_BACKLOG, 64)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg); // echo
              }
            });
            accepted.add(ch);
          }
        })
        .bind(host, 0).sync().channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private SocketChannel next() throws InterruptedException {
    SocketChannel ch = accepted.poll(5, TimeUnit.SECONDS);
    assertThat(ch).as("an accepted channel").isNotNull();
    return ch;
  }

  @Test
  void acceptedChannelAnswersTheAddressesParentAndOptionsOfTheConnection() throws Exception {
    int port = listen("127.0.0.1");
    try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
      SocketChannel ca = next();
      SocketChannel cb = next();
      assertThat(ca).isInstanceOf(CompactEpollSocketChannel.class);
      assertThat(ca.remoteAddress()).isEqualTo(a.getLocalSocketAddress());
      assertThat(cb.remoteAddress()).isEqualTo(b.getLocalSocketAddress());
      assertThat(ca.localAddress()).isEqualTo(a.getRemoteSocketAddress());
      assertThat(cb.localAddress()).as("one instance for every connection of the listening socket")
          .isSameAs(ca.localAddress());
      assertThat(ca.parent()).isSameAs(server);
      assertThat(ca.isActive()).isTrue();
      assertThat(ca.id()).isNotEqualTo(cb.id());
      assertThat(ca.id().asLongText()).isNotEqualTo(cb.id().asLongText());
      assertThat(ca.id().compareTo(cb.id())).isNotZero();
      assertThat(ca.config().isTcpNoDelay()).isTrue();
      assertThat(ca.config().setOption(ChannelOption.SO_KEEPALIVE, true)).isTrue();
      assertThat(ca.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
      assertThat(ca.config().getOptions()).containsKeys(ChannelOption.SO_SNDBUF, ChannelOption.ALLOW_HALF_CLOSURE);
      assertThatThrownBy(() -> ca.config().setSoLinger(5)).isInstanceOf(ChannelException.class)
          .hasMessageContaining("SO_LINGER 5");
      assertThat(server.config().getOption(ChannelOption.SO_BACKLOG)).isEqualTo(64);
      assertThat(server.config().getOption(ChannelOption.SO_REUSEADDR)).isTrue();
    }
  }

  @Test
  void bytesGoBothWaysAndTheRemoteAddressOutlivesTheConnection() throws Exception {
    int port = listen("127.0.0.1");
    SocketChannel ch;
    InetSocketAddress clientSide;
    try (Socket s = new Socket("127.0.0.1", port)) {
      ch = next();
      clientSide = (InetSocketAddress) s.getLocalSocketAddress();
      OutputStream out = s.getOutputStream();
      out.write("ping".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      s.setSoTimeout(5_000);
      assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
    }
    assertThat(ch.closeFuture().await(5, TimeUnit.SECONDS)).as("closed after the client").isTrue();
    assertThat(ch.remoteAddress()).isEqualTo(clientSide);
  }

  @Test
  void wildcardListenerInternsTheLocalAddressOfEachInterface() throws Exception {
    int port = listen("0.0.0.0");
    try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
      SocketChannel ca = next();
      SocketChannel cb = next();
      assertThat(ca.localAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
      assertThat(cb.localAddress()).isSameAs(ca.localAddress());
    }
  }

  @Test
  void ipv6PeerKeepsItsAddress() throws Exception {
    InetAddress loopback6 = InetAddress.getByName("::1");
    boolean ipv6 = false;
    try (Socket probe = new Socket()) {
      probe.bind(new InetSocketAddress(loopback6, 0));
      ipv6 = true;
    } catch (Exception e) {
      // no IPv6 loopback here
    }
    assumeTrue(ipv6, "no IPv6 loopback here");
    int port = listen("::1");
    try (Socket s = new Socket(loopback6, port)) {
      SocketChannel ch = next();
      assertThat(ch.remoteAddress().getAddress()).isInstanceOf(Inet6Address.class);
      assertThat(ch.remoteAddress()).isEqualTo(s.getLocalSocketAddress());
      assertThat(ch.localAddress()).isEqualTo(s.getRemoteSocketAddress());
    }
  }

  @Test
  void reusePortIsAnOptionOfTheListeningSocket() throws Exception {
    listen("127.0.0.1");
    assertThat(server.config().getOption(UnixChannelOption.SO_REUSEPORT)).isFalse();
    Channel second = new ServerBootstrap().group(group).channelFactory(CompactEpollServerChannel::new)
        .option(UnixChannelOption.SO_REUSEPORT, true).childHandler(new ChannelInboundHandlerAdapter())
        .bind("127.0.0.1", 0).sync().channel();
    try {
      assertThat(second.config().getOption(UnixChannelOption.SO_REUSEPORT)).isTrue();
    } finally {
      second.close().sync();
    }
  }

  @Test
  void serverChannelsLinksCompactChannelsAndForgetsThemInAnyOrder() throws Exception {
    int port = listen("127.0.0.1");
    try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port);
        Socket c = new Socket("127.0.0.1", port)) {
      SocketChannel ca = next();
      SocketChannel cb = next();
      SocketChannel cc = next();
      io.netty.channel.embedded.EmbeddedChannel other = new io.netty.channel.embedded.EmbeddedChannel();
      ServerChannels channels = new ServerChannels();
      channels.add(ca);
      channels.add(cb);
      channels.add(cc);
      channels.add(cb); // twice: no change
      channels.add(other);
      assertThat(channels.size()).isEqualTo(4);
      assertThat(channels.snapshot()).containsExactlyInAnyOrder(ca, cb, cc, other);
      channels.remove(cb); // the middle
      assertThat(channels.snapshot()).containsExactlyInAnyOrder(ca, cc, other);
      channels.remove(cb); // twice: no change
      channels.remove(cc); // the first
      channels.remove(other);
      assertThat(channels.snapshot()).containsExactly(ca);
      channels.remove(ca); // the last
      assertThat(channels.snapshot()).isEmpty();
      assertThat(channels.size()).isZero();
      channels.add(cb); // a removed channel may come back
      assertThat(channels.snapshot()).containsExactly(cb);
      other.finishAndReleaseAll();
    }
  }

  @Test
  void tailDispatchesEveryEventToTheChannelEventsOnceSet() throws Exception {
    int port = listen("127.0.0.1");
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (Socket s = new Socket("127.0.0.1", port)) {
      CompactEpollSocketChannel ch = (CompactEpollSocketChannel) next();
      ch.eventLoop().submit(() -> {
        ch.pipeline().remove(ChannelInboundHandlerAdapter.class); // the echo handler: nothing of ours left
        ch.dispatchTo(new ChannelEvents() {
          @Override
          public void onChannelRead(Object msg) {
            io.netty.buffer.ByteBuf b = (io.netty.buffer.ByteBuf) msg;
            seen.add("read " + b.toString(StandardCharsets.US_ASCII));
            b.release();
          }

          @Override
          public void onChannelReadComplete() {
            seen.add("readComplete");
          }

          @Override
          public void onWritabilityChanged() {
            seen.add("writable " + ch.isWritable());
          }

          @Override
          public void onException(Throwable cause) {
            seen.add("exception " + cause.getMessage());
          }

          @Override
          public void onChannelInactive() {
            seen.add("inactive");
          }
        });
      }).sync();
      assertThat(ch.pipeline().toMap()).as("no handler in the pipeline").isEmpty();
      s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("read hi");
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("readComplete");
      ch.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("exception boom");
      ch.eventLoop().submit(() -> {
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
        ch.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[16])); // past the high mark, not flushed
      }).sync();
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("writable false");
      ch.flush();
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("writable true");
      s.close();
      String last;
      do {
        last = seen.poll(5, TimeUnit.SECONDS);
      } while (last != null && !last.equals("inactive"));
      assertThat(last).isEqualTo("inactive");
    }
  }
}
