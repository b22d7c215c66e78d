package dev.switchboard.websocket;

import java.net.URI;
import java.util.concurrent.CancellationException;

/**
 * The opening of a {@link Connection} was cancelled ({@link Connection#cancel()}, or the handle's
 * future was completed by someone else) before it opened. A {@link CancellationException}, so
 * {@code join()} throws it as it is; {@link #stage()} says how far the attempt had come.
 */
public final class ConnectCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  private final transient URI uri;
  private final ConnectStage stage;
  private final int attempts;

  public ConnectCancelledException(URI uri, ConnectStage stage, int attempts) {
    super("connect to " + uri + " cancelled during " + stage + " (attempt " + attempts + ")");
    this.uri = uri;
    this.stage = stage;
    this.attempts = attempts;
  }

  public URI uri() {
    return uri;
  }

  /** The stage the connect was in when it was cancelled. */
  public ConnectStage stage() {
    return stage;
  }

  /** How many attempts had been started, the cancelled one included. */
  public int attempts() {
    return attempts;
  }
}
