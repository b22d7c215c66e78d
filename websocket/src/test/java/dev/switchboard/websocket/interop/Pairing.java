package dev.switchboard.websocket.interop;

import java.util.List;

/** A client and a server, by their names in {@link Peers}. */
record Pairing(String name, String client, String server) {

  /**
   * permessage-deflate (RFC 7692) agreed, compressed messages both ways: Switchboard with itself,
   * Node's ws as client and as server, and Chromium, which always offers it.
   */
  static final List<Pairing> DEFLATE = List.of(
      new Pairing("switchboard client -> switchboard server, deflate", Peers.OURS_DEFLATE, Peers.OURS_DEFLATE),
      new Pairing("ws client -> switchboard server, deflate", Peers.WS_DEFLATE, Peers.OURS_DEFLATE),
      new Pairing("chromium client -> switchboard server, deflate", "chromium", Peers.OURS_DEFLATE),
      new Pairing("switchboard client -> ws server, deflate", Peers.OURS_DEFLATE, Peers.WS_DEFLATE));

  @Override
  public String toString() {
    return name;
  }
}
