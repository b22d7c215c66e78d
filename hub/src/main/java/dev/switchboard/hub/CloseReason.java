package dev.switchboard.hub;

import java.util.Objects;

/**
 * Why the hub closes a transport: the WebSocket close code to send and a reason for people
 * (the REST {@code reason}, or what limit was exceeded). Thread-safe (immutable).
 *
 * @param code the WebSocket close code: {@value #NORMAL} for closes asked for by the REST API,
 *     {@value #POLICY_VIOLATION} when the connection cannot be recovered (replay buffer overflow)
 * @param reason text for the {@code disconnected} message and the close frame; never null
 */
public record CloseReason(int code, String reason) {
  /** Normal closure (RFC 6455 §7.4.1): REST close, replaced transport. */
  public static final int NORMAL = 1000;
  /** Policy violation: the reliable client must not try to recover (spec §3.6). */
  public static final int POLICY_VIOLATION = 1008;

  public CloseReason {
    Objects.requireNonNull(reason, "reason");
  }

  public static CloseReason normal(String reason) {
    return new CloseReason(NORMAL, reason == null ? "" : reason);
  }
}
