package dev.switchboard.hub;

/** Where a message comes from, as the client protocols' {@code from} field names it. */
public enum MessageSource {
  /** REST send to all/user/connection, upstream replies: {@code "from":"server"}. */
  SERVER,
  /** A publish to a group, by a client or the REST API: {@code "from":"group"}. */
  GROUP
}
