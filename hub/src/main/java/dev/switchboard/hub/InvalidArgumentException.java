package dev.switchboard.hub;

/**
 * A caller's argument the hub core refused, naming which one ({@link #argument()}: {@code userId},
 * {@code connectionId}, {@code group}, {@code groups}, {@code hub}, {@code messageTtlSeconds},
 * {@code permission}, {@code role}, {@code maxpagesize}, {@code dataType}), so that a REST layer
 * can name the request field at fault. Immutable and thread-safe.
 */
public class InvalidArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String argument;

  public InvalidArgumentException(String argument, String message) {
    super(message);
    this.argument = argument;
  }

  /** The name of the argument at fault. */
  public String argument() {
    return argument;
  }
}
