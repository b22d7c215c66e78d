package dev.switchboard.websocket.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The pipeline handler that hands a channel's events to its {@link NettyConnection}: the
 * connection's adapter wherever it needs a handler of its own (NIO, io_uring, clients, tests on
 * {@code EmbeddedChannel}). On a {@link CompactEpollSocketChannel} there is none: the pipeline's
 * tail dispatches to the same {@link ChannelEvents} methods. Confined to the channel's loop.
 */
public final class SessionHandler extends ChannelInboundHandlerAdapter {

  /** The name it has in the pipeline. */
  public static final String NAME = "ws";

  private final NettyConnection connection;

  public SessionHandler(NettyConnection connection) {
    this.connection = connection;
  }

  /** The connection whose events this handler passes on. */
  public NettyConnection connection() {
    return connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    connection.onChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    connection.onChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.onWritabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connection.onException(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.onChannelInactive();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    connection.detached();
  }
}
