package dev.switchboard.hub.server.protocol;

/**
 * Decodes client frames and encodes service messages for one subprotocol. Codecs are stateless,
 * immutable and thread-safe: one instance serves every connection.
 */
public interface ClientCodec {

  Subprotocol subprotocol();

  /**
   * Decodes one complete client message.
   *
   * @param frame the message payload
   * @param isText whether it arrived as a text frame
   * @throws ClientMessageException for any bad input, and only that (never a runtime exception)
   */
  ClientMessage decode(byte[] frame, boolean isText) throws ClientMessageException;

  /** Encodes one service message; reconnection tokens are left out on non-reliable subprotocols. */
  WireFrame encode(ServerMessage message);

  /** The codec of {@code subprotocol}. */
  static ClientCodec of(Subprotocol subprotocol) {
    return subprotocol.isProtobuf() ? new ProtobufCodec(subprotocol) : new JsonCodec(subprotocol);
  }
}
