/**
 * The pure WebSocket codec (RFC 6455): frame decoding and encoding, masking, streaming UTF-8
 * validation, close codes and the opening-handshake arithmetic and header grammar.
 *
 * <p>No I/O, no threads, no clock and no dependency beyond the JDK, so every rule can be tested
 * byte-exactly and the hot path stays allocation-free.
 */
module dev.switchboard.protocol {
  exports dev.switchboard.protocol;
}
