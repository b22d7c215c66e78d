package dev.switchboard.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The Netty 4.2 websocketx peer, written as Netty's examples do: the protocol handler does the
 * handshake, control frames and UTF-8 checks; echoes are written per frame and flushed once per
 * read batch; broadcast goes through a {@link ChannelGroup} (one retained duplicate per member).
 * Thread-safe: one epoll event loop serves everything.
 */
final class NettyWebSocketPeer {

  private static final AttributeKey<Boolean> BROADCAST = AttributeKey.valueOf("broadcast");

  private NettyWebSocketPeer() {}

  static AutoCloseable start(int port) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ChannelGroup members = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/")
        .checkStartsWith(true)
        .maxFramePayloadLength(16 << 20)
        .build();
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new WebSocketServerProtocolHandler(config), new Handler(members));
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    return () -> {
      server.close().sync();
      group.shutdownGracefully().sync();
    };
  }

  private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ChannelGroup members;

    Handler(ChannelGroup members) {
      super(false);
      this.members = members;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
        if (hc.requestUri().startsWith("/broadcast")) {
          ctx.channel().attr(BROADCAST).set(true);
          members.add(ctx.channel());
        }
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (Boolean.TRUE.equals(ctx.channel().attr(BROADCAST).get())) {
        members.writeAndFlush(frame); // the group duplicates it per member and releases it
      } else {
        ctx.write(frame);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
