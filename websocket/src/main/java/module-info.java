/**
 * Switchboard's WebSocket client and server library: the user-facing API in
 * {@code dev.switchboard.websocket}, the Netty connection state machine, server and client.
 */
module dev.switchboard.websocket {
  requires transitive dev.switchboard.protocol;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.handler.proxy;
  requires io.netty.resolver;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.classes.io_uring;
  requires io.netty.transport.unix.common;
  requires org.slf4j;
  requires java.net.http;

  exports dev.switchboard.websocket;
  exports dev.switchboard.websocket.node;
}
