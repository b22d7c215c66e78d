package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Opened;
import dev.switchboard.websocket.interop.PeerEvent.Pong;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Netty's own {@code websocketx} client and server as peers. Both reassemble fragments with
 * {@link WebSocketFrameAggregator}, answer pings themselves and keep Netty's default close
 * behaviour; close frames are let through (handleCloseFrames off) only to be recorded, then
 * handled as Netty's handlers would.
 */
final class NettyPeers {

  private static final int MAX_BYTES = 32 << 20;

  /**
   * The tests run with paranoid leak detection, meant for our own buffers; on the peer's it
   * records a stack trace per access and Netty's unmasking of 16 MiB then takes ten seconds.
   */
  private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false, true);

  private NettyPeers() {}

  private static EventLoopGroup newGroup() {
    return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  /** A client built on {@link WebSocketClientProtocolHandler}. */
  static final class Client implements Peer.Client {
    private final EventLoopGroup group = newGroup();

    @Override
    public String name() {
      return "netty";
    }

    @Override
    public Side connect(URI uri) throws Exception {
      NettySide side = new NettySide("netty client", false);
      WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
          .webSocketUri(uri)
          .maxFramePayloadLength(MAX_BYTES)
          .handleCloseFrames(false)
          .dropPongFrames(false)
          .build();
      Channel ch = new Bootstrap()
          .group(group)
          .channel(NioSocketChannel.class)
          .option(ChannelOption.ALLOCATOR, ALLOCATOR)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                  new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_BYTES), side);
            }
          })
          .connect(uri.getHost(), uri.getPort())
          .sync()
          .channel();
      side.opened.get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return side;
    }

    @Override
    public void close() {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** An echo server built on {@link WebSocketServerProtocolHandler}, for every path. */
  static final class Server implements Peer.Server {
    private final EventLoopGroup group = newGroup();
    private final BlockingQueue<Side> accepted = new LinkedBlockingQueue<>();
    private final Channel serverChannel;

    Server() throws InterruptedException {
      WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
          .websocketPath("/")
          .checkStartsWith(true)
          .maxFramePayloadLength(MAX_BYTES)
          .handleCloseFrames(false)
          .dropPongFrames(false)
          .build();
      serverChannel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              NettySide side = new NettySide("netty server", true);
              side.opened.thenRun(() -> accepted.add(side));
              c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                  new WebSocketServerProtocolHandler(config), new WebSocketFrameAggregator(MAX_BYTES), side);
            }
          })
          .bind("127.0.0.1", 0)
          .sync()
          .channel();
    }

    @Override
    public String name() {
      return "netty";
    }

    @Override
    public URI uri() {
      return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) serverChannel.localAddress()).getPort() + "/echo");
    }

    @Override
    public Side accepted() throws InterruptedException {
      Side side = accepted.poll(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (side == null) {
        throw new AssertionError("netty server accepted no connection within " + EventLog.TIMEOUT);
      }
      return side;
    }

    @Override
    public void forgetAccepted() {
      accepted.clear();
    }

    @Override
    public void close() {
      serverChannel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** The last handler of either pipeline: records whole messages; a server echoes them. */
  private static final class NettySide extends SimpleChannelInboundHandler<WebSocketFrame> implements Side {
    private final String name;
    private final boolean server;
    private final EventLog events;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile Channel channel;

    NettySide(String name, boolean server) {
      this.name = name;
      this.server = server;
      this.events = new EventLog(name);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE
          || evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        events.add(new Opened());
        opened.complete(null);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
        boolean text = frame instanceof TextWebSocketFrame;
        events.message(text ? MessageType.TEXT : MessageType.BINARY, ByteBufUtil.getBytes(frame.content()));
        if (server) {
          WebSocketFrame echo = text
              ? new TextWebSocketFrame(frame.content().retain())
              : new BinaryWebSocketFrame(frame.content().retain());
          ctx.writeAndFlush(echo);
        }
      } else if (frame instanceof PongWebSocketFrame) {
        events.add(new Pong(ByteBufUtil.getBytes(frame.content())));
      } else if (frame instanceof CloseWebSocketFrame) {
        CloseWebSocketFrame close = (CloseWebSocketFrame) frame;
        events.closed(close.statusCode() == -1 ? 1005 : close.statusCode(), close.reasonText(), null);
        if (server) {
          // What WebSocketServerProtocolHandler does with handleCloseFrames on: echo, then close.
          ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        } else {
          // What WebSocketClientProtocolHandler does with handleCloseFrames on: close the channel,
          // which sends its own close frame (1000) if none was sent.
          ctx.close();
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      events.add(new PeerEvent.Failed(String.valueOf(cause)));
      opened.completeExceptionally(cause);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      opened.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
      events.closed(1006, "", false);
      ctx.fireChannelInactive();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public EventLog events() {
      return events;
    }

    @Override
    public void sendText(String text) throws Exception {
      write(new TextWebSocketFrame(text));
    }

    @Override
    public void sendBinary(byte[] data) throws Exception {
      write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    @Override
    public void sendFragment(String part, boolean first, boolean last) throws Exception {
      write(first ? new TextWebSocketFrame(last, 0, part) : new ContinuationWebSocketFrame(last, 0, part));
    }

    @Override
    public void ping(byte[] payload) throws Exception {
      write(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    @Override
    public void close(int code, String reason) throws Exception {
      ChannelFuture f = channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
      if (server) {
        // As WebSocketServerHandshaker.close: the server closes TCP once its close frame is out.
        f.addListener(ChannelFutureListener.CLOSE);
      }
      await(f);
    }

    /** From the head of the pipeline: past the protocol handler, which would send a close frame first. */
    @Override
    public void abort() {
      channel.pipeline().firstContext().close();
    }

    private void write(WebSocketFrame frame) throws Exception {
      await(channel.writeAndFlush(frame));
    }

    private static void await(ChannelFuture f) throws Exception {
      if (!f.await(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("netty write not done within " + EventLog.TIMEOUT);
      }
      if (!f.isSuccess()) {
        throw new Exception("netty write failed", f.cause());
      }
    }
  }
}
