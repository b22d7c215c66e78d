package dev.switchboard.hub;

import java.util.Objects;

/**
 * The outcome of a client-originated operation, which the hub server turns into an
 * {@code ack} (when the request carried an {@code ackId}). Thread-safe (immutable).
 *
 * @param status what happened
 * @param message a reason for people; empty on success
 */
public record ClientResult(Status status, String message) {
  /** Outcomes, named by {@link #errorName()} as the protocol's {@code error.name}. */
  public enum Status {
    OK(null),
    /** The {@code ackId} already succeeded on this connection: not executed again (spec §3.4). */
    DUPLICATE("Duplicate"),
    /** The connection lacks the permission (spec §3.5). */
    FORBIDDEN("Forbidden"),
    /** The request is malformed (an invalid group name). */
    BAD_REQUEST("BadRequest"),
    /** The operation failed on the server side (e.g. the upstream handler failed). */
    INTERNAL_SERVER_ERROR("InternalServerError");

    private final String errorName;

    Status(String errorName) {
      this.errorName = errorName;
    }
  }

  public static final ClientResult OK = new ClientResult(Status.OK, "");

  public ClientResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  public static ClientResult error(Status status, String message) {
    return new ClientResult(status, message);
  }

  public boolean isSuccess() {
    return status == Status.OK;
  }

  /** The protocol's {@code error.name} ({@code Forbidden}, {@code Duplicate}, ...), or null. */
  public String errorName() {
    return status.errorName;
  }
}
