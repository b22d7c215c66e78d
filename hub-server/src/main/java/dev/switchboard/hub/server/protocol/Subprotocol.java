package dev.switchboard.hub.server.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The four predefined Azure Web PubSub client subprotocols. A client that offers none of them is a
 * simple (raw) WebSocket client. Immutable and thread-safe.
 */
public enum Subprotocol {
  JSON("json.webpubsub.azure.v1", false, false),
  JSON_RELIABLE("json.reliable.webpubsub.azure.v1", false, true),
  PROTOBUF("protobuf.webpubsub.azure.v1", true, false),
  PROTOBUF_RELIABLE("protobuf.reliable.webpubsub.azure.v1", true, true);

  private final String wireName;
  private final boolean isProtobuf;
  private final boolean isReliable;

  Subprotocol(String wireName, boolean isProtobuf, boolean isReliable) {
    this.wireName = wireName;
    this.isProtobuf = isProtobuf;
    this.isReliable = isReliable;
  }

  /** The exact {@code Sec-WebSocket-Protocol} token. */
  public String wireName() {
    return wireName;
  }

  /** Protobuf subprotocols use binary frames; JSON ones text frames. */
  public boolean isProtobuf() {
    return isProtobuf;
  }

  /** Reliable subprotocols carry sequence ids and get a reconnection token. */
  public boolean isReliable() {
    return isReliable;
  }

  /** The subprotocol whose token is exactly {@code token} (case-sensitive), if any. */
  public static Optional<Subprotocol> of(String token) {
    for (Subprotocol p : values()) {
      if (p.wireName.equals(token)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Picks the value to answer in {@code Sec-WebSocket-Protocol} (spec §3.1): the first offered
   * token that is exactly a predefined subprotocol, returned verbatim. Empty when none is offered
   * or none is predefined: then the client is a simple client and the server sends no
   * {@code Sec-WebSocket-Protocol} header.
   *
   * @param offered the values of the client's {@code Sec-WebSocket-Protocol} header lines; each may
   *     be a comma-separated list (RFC 6455 §4.1), blanks around tokens are ignored
   */
  public static Optional<String> select(List<String> offered) {
    for (String token : offeredTokens(offered)) {
      if (of(token).isPresent()) {
        return Optional.of(token);
      }
    }
    return Optional.empty();
  }

  /** The offered tokens, split at commas and trimmed, in order; empty tokens dropped. */
  public static List<String> offeredTokens(List<String> offered) {
    return offered.stream()
        .flatMap(line -> java.util.Arrays.stream(line.split(",")))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .toList();
  }
}
