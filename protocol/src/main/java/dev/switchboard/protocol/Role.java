package dev.switchboard.protocol;

/**
 * Which end of a connection a codec serves. Clients mask every frame they send and must receive
 * unmasked frames; servers the other way round (RFC 6455 §5.1).
 */
public enum Role {
  CLIENT,
  SERVER;

  /** Whether frames sent by this role carry a mask. */
  public boolean masksOutgoing() {
    return this == CLIENT;
  }
}
