package dev.switchboard.websocket;

/** The two kinds of data message. */
public enum MessageType {
  TEXT,
  BINARY
}
