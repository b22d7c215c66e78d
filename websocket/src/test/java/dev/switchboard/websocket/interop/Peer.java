package dev.switchboard.websocket.interop;

import java.net.URI;

/** A WebSocket implementation taking part in the interop matrix, as client or server. */
interface Peer extends AutoCloseable {

  String name();

  /** A peer that connects: returns once the connection is open. */
  interface Client extends Peer {
    Side connect(URI uri) throws Exception;
  }

  /** A peer that serves an echo endpoint for every path: echoes each data message it receives. */
  interface Server extends Peer {
    URI uri();

    /** The server's side of the next connection it accepts. */
    Side accepted() throws Exception;

    /** Forgets connections accepted so far, before a new one is made. */
    void forgetAccepted();
  }

  @Override
  default void close() throws Exception {}
}
