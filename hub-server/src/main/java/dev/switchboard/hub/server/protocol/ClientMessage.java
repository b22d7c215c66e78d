package dev.switchboard.hub.server.protocol;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A decoded client → service message of a PubSub subprotocol (spec §3.2, §3.7). Ack ids and
 * sequence ids are uint64 on the wire and are held as {@code long} bit patterns (compare with
 * {@link Long#compareUnsigned}). All variants are immutable and thread-safe.
 */
public sealed interface ClientMessage {

  /** The client's ack id, when the message carries one. */
  default OptionalLong ackId() {
    return OptionalLong.empty();
  }

  /** {@code joinGroup}: needs the joinLeaveGroup permission. */
  record JoinGroup(String group, OptionalLong ackId) implements ClientMessage {
    public JoinGroup {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(ackId, "ackId");
    }
  }

  /** {@code leaveGroup}: needs the joinLeaveGroup permission. */
  record LeaveGroup(String group, OptionalLong ackId) implements ClientMessage {
    public LeaveGroup {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(ackId, "ackId");
    }
  }

  /** {@code sendToGroup}: needs the sendToGroup permission; {@code noEcho} skips the sender. */
  record SendToGroup(String group, OptionalLong ackId, boolean noEcho, Payload data) implements ClientMessage {
    public SendToGroup {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(ackId, "ackId");
      Objects.requireNonNull(data, "data");
    }
  }

  /** {@code event}: routed to the upstream user event {@code event}. */
  record Event(String event, OptionalLong ackId, Payload data) implements ClientMessage {
    public Event {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(ackId, "ackId");
      Objects.requireNonNull(data, "data");
    }
  }

  /** {@code sequenceAck}: the client received every message up to {@code sequenceId} (reliable only). */
  record SequenceAck(long sequenceId) implements ClientMessage {}

  /** {@code ping}: answer with {@link ServerMessage.Pong}. */
  record Ping() implements ClientMessage {}

  /**
   * A well-formed message of a newer type this service does not implement ({@code invoke},
   * {@code streamData}, {@code setGroupState}, ...). Answer with a {@code BadRequest} ack when
   * it has an ack id; {@code message} says what is unsupported.
   */
  record Unsupported(String type, OptionalLong ackId, String message) implements ClientMessage {
    public Unsupported {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(ackId, "ackId");
      Objects.requireNonNull(message, "message");
    }
  }
}
