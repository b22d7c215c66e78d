package dev.switchboard.hub.server.protocol;

import java.util.Objects;

/**
 * A service → client message of a PubSub subprotocol (spec §3.3, §3.7). A {@code sequenceId} of
 * 0 means "none" (sequence ids start at 1 and only reliable subprotocols carry them). All variants
 * are immutable and thread-safe.
 */
public sealed interface ServerMessage {

  /**
   * {@code system/connected}: the first message of every connection.
   *
   * @param userId null when the connection has no user
   * @param reconnectionToken sent only on reliable subprotocols; null otherwise
   */
  record Connected(String connectionId, String userId, String reconnectionToken) implements ServerMessage {
    public Connected {
      Objects.requireNonNull(connectionId, "connectionId");
    }
  }

  /** {@code system/disconnected}: sent just before the service closes the connection. */
  record Disconnected(String reason) implements ServerMessage {
    public Disconnected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * {@code ack}: success when {@code error} is null.
   *
   * @param ackId the client's ack id (uint64 bit pattern)
   */
  record Ack(long ackId, AckError error) implements ServerMessage {
    public static Ack success(long ackId) {
      return new Ack(ackId, null);
    }

    public static Ack failure(long ackId, AckErrorName name, String message) {
      return new Ack(ackId, new AckError(name, message));
    }

    public boolean isSuccess() {
      return error == null;
    }
  }

  /** The error of a failed ack. */
  record AckError(AckErrorName name, String message) {
    public AckError {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A message published to {@code group} (by a client, then {@code fromUserId} may be set, or by
   * the REST API).
   *
   * @param fromUserId null when unknown; JSON only (protobuf has no such field)
   * @param sequenceId 0 for none
   */
  record GroupMessage(String group, Payload data, String fromUserId, long sequenceId) implements ServerMessage {
    public GroupMessage {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(data, "data");
    }

    public GroupMessage withSequenceId(long id) {
      return new GroupMessage(group, data, fromUserId, id);
    }
  }

  /**
   * A message from the server (REST send to all/user/connection, or an upstream reply).
   *
   * @param sequenceId 0 for none
   */
  record ServerData(Payload data, long sequenceId) implements ServerMessage {
    public ServerData {
      Objects.requireNonNull(data, "data");
    }

    public ServerData withSequenceId(long id) {
      return new ServerData(data, id);
    }
  }

  /** {@code pong}: the answer to a client's {@code ping}. */
  record Pong() implements ServerMessage {}
}
