package dev.switchboard.websocket.node;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What Node's address helper returns for a socket: the local and remote address and port.
 * Immutable and thread-safe.
 *
 * @param localAddress this side's IP address as text, e.g. {@code 127.0.0.1} or {@code ::1}
 * @param localPort this side's port
 * @param remoteAddress the peer's IP address as text
 * @param remotePort the peer's port
 */
public record AddressInfo(String localAddress, int localPort, String remoteAddress, int remotePort) {

  public AddressInfo {
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }

  static AddressInfo of(InetSocketAddress local, InetSocketAddress remote) {
    if (local == null || remote == null) {
      throw new IllegalStateException("the socket is not connected: it has no local or remote address");
    }
    return new AddressInfo(text(local), local.getPort(), text(remote), remote.getPort());
  }

  private static String text(InetSocketAddress a) {
    return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
  }
}
