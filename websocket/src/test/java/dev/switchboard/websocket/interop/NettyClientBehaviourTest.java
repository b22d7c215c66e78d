package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.ClientImplementation;

/** The shared client behaviour with {@link ClientImplementation#NETTY}. */
class NettyClientBehaviourTest extends ClientBehaviourTest {

  @Override
  ClientImplementation implementation() {
    return ClientImplementation.NETTY;
  }
}
