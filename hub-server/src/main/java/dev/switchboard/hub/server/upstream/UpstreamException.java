package dev.switchboard.hub.server.upstream;

/**
 * An upstream call failed: the handler answered with a non-2xx status ({@link #status()}), or did
 * not answer at all ({@link #status()} is 0: unreachable, timed out, refused by abuse protection,
 * no handler, or too many calls in flight). Immutable and thread-safe.
 */
public final class UpstreamException extends Exception {

  private final int status;

  public UpstreamException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The handler's HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }
}
