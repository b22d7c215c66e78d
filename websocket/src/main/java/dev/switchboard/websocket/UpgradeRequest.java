package dev.switchboard.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * A client's opening request as a server sees it, for deciding whether to accept. Immutable
 * and thread-safe; it stays valid after the handshake.
 */
public interface UpgradeRequest {

  /** The request target: path and query, as sent. */
  URI uri();

  /** The decoded path, e.g. {@code /chat}. */
  String path();

  /** The raw query string without {@code ?}, or the empty string. */
  String query();

  /** The first value of query parameter {@code name} (URL-decoded), or null. */
  String queryParam(String name);

  /** The first value of header {@code name} (case-insensitive), or null. */
  String header(String name);

  /** Every value of header {@code name}, in order. */
  List<String> headers(String name);

  /** The names of the headers sent, each once, in order of first appearance (as sent). */
  List<String> headerNames();

  /** The subprotocols the client offered, in its order of preference. */
  List<String> subprotocols();

  InetSocketAddress remoteAddress();

  InetSocketAddress localAddress();

  /** Whether the connection is TLS ({@code wss}). */
  boolean isSecure();
}
