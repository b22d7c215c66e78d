package dev.switchboard.websocket.node;

/**
 * Node's {@code listenerOptions}: where the server listens. Immutable and thread-safe.
 *
 * @param host the address to bind ({@code "0.0.0.0"} for every interface)
 * @param port the port, 0 for an ephemeral one
 * @param backlog the listen backlog: connections the kernel queues before they are accepted
 */
public record ListenerOptions(String host, int port, int backlog) {

  /** The backlog used by {@link #of(String, int)}. */
  public static final int DEFAULT_BACKLOG = 1024;

  public ListenerOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("listener host must be an address such as 127.0.0.1, was " + host);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listener port must be 0-65535, was " + port);
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("listener backlog must be positive, was " + backlog);
    }
  }

  public static ListenerOptions of(String host, int port) {
    return new ListenerOptions(host, port, DEFAULT_BACKLOG);
  }

  public ListenerOptions withBacklog(int backlog) {
    return new ListenerOptions(host, port, backlog);
  }
}
