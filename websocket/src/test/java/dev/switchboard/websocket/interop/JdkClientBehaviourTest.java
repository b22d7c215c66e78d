package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.ClientImplementation;

/** The shared client behaviour with {@link ClientImplementation#JDK}. */
class JdkClientBehaviourTest extends ClientBehaviourTest {

  @Override
  ClientImplementation implementation() {
    return ClientImplementation.JDK;
  }
}
