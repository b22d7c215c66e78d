package dev.switchboard.websocket;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP request as an {@link HttpService} sees it. Immutable and thread-safe; the body is
 * a copy, so the request may be kept after the response.
 */
public interface HttpRequest {

  /** The method, upper case as sent: {@code GET}, {@code POST}, {@code HEAD}, ... */
  String method();

  /** The request-target exactly as sent: raw path and query, e.g. {@code /api/users/a%2Fb?x=1}. */
  String target();

  /**
   * The path of {@link #target()} without decoding. Split this on {@code /} and decode each
   * segment when a segment may contain an encoded slash ({@code %2F}).
   */
  String rawPath();

  /** The percent-decoded path, e.g. {@code /api/users/a/b}. */
  String path();

  /** The first value of query parameter {@code name} (decoded), or null. */
  String queryParam(String name);

  /** Every value of query parameter {@code name} (decoded), in order; empty when absent. */
  List<String> queryParams(String name);

  /** Every query parameter (decoded), in order of first appearance; values in order. */
  Map<String, List<String>> queryParams();

  /** The first value of header {@code name} (case-insensitive), or null. */
  String header(String name);

  /** Every value of header {@code name} (case-insensitive), in order; empty when absent. */
  List<String> headers(String name);

  /** The names of the headers sent, each once, in order of first appearance (as sent). */
  List<String> headerNames();

  /** The body; empty when there is none. Returns the same array on each call: do not modify it. */
  byte[] body();

  /**
   * The absolute URL the client asked for: scheme ({@code http}/{@code https}), the {@code Host}
   * header (or the local address without one) and {@link #target()}.
   */
  String absoluteUrl();

  InetSocketAddress remoteAddress();

  InetSocketAddress localAddress();

  /** Whether the connection is TLS. */
  boolean isSecure();
}
