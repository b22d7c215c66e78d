package dev.switchboard.protocol;

/**
 * The frame opcodes of RFC 6455 §5.2. Immutable and thread-safe.
 *
 * <p>Opcodes 0x3–0x7 and 0xB–0xF are reserved: the decoder fails the connection with
 * {@link CloseCode#PROTOCOL_ERROR} when it sees one, so they have no constant here.
 */
public enum Opcode {
  CONTINUATION(0x0),
  TEXT(0x1),
  BINARY(0x2),
  CLOSE(0x8),
  PING(0x9),
  PONG(0xA);

  private static final Opcode[] BY_CODE = new Opcode[16];

  static {
    for (Opcode op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  private final int code;

  Opcode(int code) {
    this.code = code;
  }

  /** The 4-bit wire value. */
  public int code() {
    return code;
  }

  /** Control frames (close, ping, pong) have the high bit of the opcode set (RFC 6455 §5.5). */
  public boolean isControl() {
    return (code & 0x8) != 0;
  }

  /** Returns the opcode for a 4-bit wire value, or {@code null} for a reserved one. */
  public static Opcode fromCode(int code) {
    return code >= 0 && code < 16 ? BY_CODE[code] : null;
  }
}
