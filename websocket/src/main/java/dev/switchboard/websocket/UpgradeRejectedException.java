package dev.switchboard.websocket;

/**
 * An opening handshake that the server refused with an HTTP status, as {@link Upgrade#outcome()}
 * reports it. Immutable and thread-safe.
 */
public final class UpgradeRejectedException extends Exception {

  private final int status;

  public UpgradeRejectedException(int status, String body) {
    super("opening handshake rejected with HTTP " + status + (body == null || body.isEmpty() ? "" : ": " + body));
    this.status = status;
  }

  /** The HTTP status the request was answered with. */
  public int status() {
    return status;
  }
}
