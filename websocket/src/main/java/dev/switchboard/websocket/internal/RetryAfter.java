package dev.switchboard.websocket.internal;

import dev.switchboard.websocket.ConnectFailure;
import dev.switchboard.websocket.WebSocketConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads a refused upgrade's {@code Retry-After} (RFC 9110 §10.2.3). Stateless. */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * The wait the server asked for: delay-seconds or an HTTP-date relative to {@code now} (a date
   * in the past is zero); null when the failure has no usable {@code Retry-After}.
   */
  public static Duration of(WebSocketConnectException e, Instant now) {
    if (e.failure() != ConnectFailure.HTTP_STATUS) {
      return null;
    }
    List<String> values = e.responseHeaders().get("retry-after");
    if (values == null || values.isEmpty()) {
      return null;
    }
    String v = values.get(0).trim();
    if (v.matches("\\d{1,10}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException bad) {
      return null;
    }
  }
}
