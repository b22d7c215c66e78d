package dev.switchboard.websocket.interop;

/** Both ends of one connection between the peers of a {@link Pairing}; closing disposes of both. */
record Link(Side client, Side server) implements AutoCloseable {

  /** Connects the pairing's client to its server, starting either peer on first use. */
  static Link open(Peers peers, Pairing p) throws Exception {
    Peer.Server server = peers.server(p.server());
    Peer.Client client = peers.client(p.client());
    server.forgetAccepted();
    Side c = client.connect(server.uri());
    return new Link(c, server.accepted());
  }

  /** Our end: the server's if it is Switchboard, else the client's. */
  Side ours() {
    return server.isOurs() ? server : client;
  }

  @Override
  public void close() {
    client.dispose();
    server.dispose();
  }
}
