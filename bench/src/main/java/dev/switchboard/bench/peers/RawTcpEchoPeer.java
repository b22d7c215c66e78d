package dev.switchboard.bench.peers;

import dev.switchboard.protocol.Handshake;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The ceiling: a TCP echo on the same Netty epoll transport. It answers the opening handshake with
 * a minimal 101 response (so the same load tool can drive it), then writes every byte it reads back
 * unchanged, flushed once per read batch: the client's masked frames come back masked, which the
 * load tool accepts. No framing, no unmasking, no UTF-8 checks. Echo only. Thread-safe: one event
 * loop serves everything.
 */
final class RawTcpEchoPeer {

  private RawTcpEchoPeer() {}

  static AutoCloseable start(int port) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new Upgrade(), new Echo());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    return () -> {
      server.close().sync();
      group.shutdownGracefully().sync();
    };
  }

  /** Reads the request head, answers 101 with the accept key, then gets out of the way. */
  private static final class Upgrade extends ChannelInboundHandlerAdapter {
    private final StringBuilder head = new StringBuilder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      while (in.isReadable()) {
        head.append((char) in.readByte());
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          String key = null;
          for (String line : head.toString().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
              key = line.substring(colon + 1).trim();
            }
          }
          String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: " + Handshake.acceptKey(key == null ? "" : key) + "\r\n\r\n";
          ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(response.getBytes(StandardCharsets.US_ASCII)));
          ctx.pipeline().remove(this);
          if (in.isReadable()) {
            ctx.fireChannelRead(in);
          } else {
            in.release();
          }
          return;
        }
      }
      in.release();
    }
  }

  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
