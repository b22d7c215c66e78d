package dev.switchboard.hub.server.protocol;

/** The {@code error.name} of a failed ack (spec §3.3). Immutable and thread-safe. */
public enum AckErrorName {
  /** The connection lacks the permission (spec §3.5). */
  FORBIDDEN("Forbidden"),
  /** The service or the upstream failed; for {@code event}, an upstream non-2xx answer. */
  INTERNAL_SERVER_ERROR("InternalServerError"),
  /** The {@code ackId} already succeeded on this connection; clients treat it as success. */
  DUPLICATE("Duplicate"),
  /** The request was malformed (missing or invalid field). */
  BAD_REQUEST("BadRequest");

  private final String wireName;

  AckErrorName(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
