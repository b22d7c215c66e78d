package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our io_uring settings with a buffer ring, on Netty's io_uring transport: bytes echoed through
 * provided buffers come back whole and in order, also when the ring runs dry (a small ring, far
 * more data than it holds), and every provided buffer is released.
 */
@ExtendWith(FailOnLeaks.class)
class IoUringBufferRingLoopbackTest {

  @Test
  void bytesComeBackWholeAndInOrderThroughASmallBufferRing() throws Exception {
    assumeTrue(IoUring.isAvailable() && IoUring.isRegisterBufferRingSupported(), "io_uring buffer rings are not available here");
    for (boolean incremental : new boolean[] {false, IoUring.isRegisterBufferRingIncSupported()}) {
      echoThrough(new IoUringSettings(128, 4096, true, 16, 1024, incremental));
    }
    echoThrough(new IoUringSettings(64, 4096, false, 32, 0, false)); // adaptive buffers, no single issuer
  }

  private static void echoThrough(IoUringSettings settings) throws Exception {
    AtomicInteger largestRead = new AtomicInteger();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory(settings.handlerConfig()));
    try {
      ServerBootstrap server = new ServerBootstrap().group(group).channel(IoUringServerSocketChannel.class)
          .childHandler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              largestRead.accumulateAndGet(((ByteBuf) msg).readableBytes(), Math::max);
              ctx.write(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
              ctx.flush();
            }
          });
      settings.configure(server);
      Channel listener = server.bind("127.0.0.1", 0).sync().channel();

      byte[] data = new byte[1 << 20];
      new Random(42).nextBytes(data);
      ByteArrayOutputStream received = new ByteArrayOutputStream(data.length);
      CompletableFuture<byte[]> all = new CompletableFuture<>();
      Bootstrap client = new Bootstrap().group(group).channel(IoUringSocketChannel.class)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf buf = (ByteBuf) msg;
              try {
                buf.readBytes(received, buf.readableBytes());
              } catch (java.io.IOException e) {
                all.completeExceptionally(e);
              } finally {
                buf.release();
              }
              if (received.size() >= data.length) {
                all.complete(received.toByteArray());
              }
            }
          });
      settings.configure(client);
      Channel channel = client.connect(listener.localAddress()).sync().channel();
      for (int off = 0; off < data.length; off += 7000) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(data, off, Math.min(7000, data.length - off)));
      }
      assertThat(all.get(20, TimeUnit.SECONDS)).as("%s", settings).isEqualTo(data);
      if (settings.bufferBytes() > 0) {
        // Reads were served from the ring: none is larger than its buffers (without the ring,
        // Netty's receive buffers start at 2 KiB and grow, and the client writes 7,000 B at a time).
        assertThat(largestRead.get()).as("largest read with %s", settings).isLessThanOrEqualTo(settings.bufferBytes());
      }
      channel.close().sync();
      listener.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
