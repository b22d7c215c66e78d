package dev.switchboard.websocket;

/**
 * A send was refused because the session's outgoing buffer would exceed {@link
 * Limits#maxBufferedBytes()}: the peer reads slower than the application sends. Nothing of the
 * message was queued; wait for {@link Endpoint#onWritable} (or for {@link Session#bufferedAmount()}
 * to fall) and send again, or close the session. Immutable.
 */
public class SendBufferFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final long bufferedBytes;
  private final long messageBytes;
  private final long maxBufferedBytes;

  public SendBufferFullException(long bufferedBytes, long messageBytes, long maxBufferedBytes) {
    super("send refused: " + bufferedBytes + " bytes are already buffered and this frame adds " + messageBytes
        + ", over maxBufferedBytes " + maxBufferedBytes + "; wait for onWritable or raise Limits.maxBufferedBytes");
    this.bufferedBytes = bufferedBytes;
    this.messageBytes = messageBytes;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** What was buffered when the send was refused. */
  public long bufferedBytes() {
    return bufferedBytes;
  }

  /** The size of the refused frame, header included. */
  public long messageBytes() {
    return messageBytes;
  }

  /** The limit in force. */
  public long maxBufferedBytes() {
    return maxBufferedBytes;
  }
}
