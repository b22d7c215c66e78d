package dev.switchboard.hub.server.protocol;

import java.util.OptionalLong;

/**
 * A client frame that could not be decoded. {@link Kind#MALFORMED} means the frame is not a
 * message of the subprotocol at all (not JSON, not protobuf): close the connection (1003 or
 * 1007). {@link Kind#BAD_REQUEST} means a message whose fields are wrong: answer a
 * {@code BadRequest} ack when {@link #ackId()} is present, otherwise log and ignore (spec §3.3).
 * Immutable and thread-safe.
 */
public final class ClientMessageException extends Exception {

  /** What kind of bad input it was. */
  public enum Kind {
    MALFORMED,
    BAD_REQUEST
  }

  private final Kind kind;
  private final OptionalLong ackId;

  public ClientMessageException(Kind kind, OptionalLong ackId, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.ackId = ackId;
  }

  public static ClientMessageException malformed(String message) {
    return new ClientMessageException(Kind.MALFORMED, OptionalLong.empty(), message);
  }

  public static ClientMessageException badRequest(OptionalLong ackId, String message) {
    return new ClientMessageException(Kind.BAD_REQUEST, ackId, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The ack id of the bad request, when it could be read. */
  public OptionalLong ackId() {
    return ackId;
  }

  /** The {@code BadRequest} ack to send, when there is an ack id. */
  public java.util.Optional<ServerMessage.Ack> toAck() {
    return ackId.isPresent()
        ? java.util.Optional.of(ServerMessage.Ack.failure(ackId.getAsLong(), AckErrorName.BAD_REQUEST, getMessage()))
        : java.util.Optional.empty();
  }
}
