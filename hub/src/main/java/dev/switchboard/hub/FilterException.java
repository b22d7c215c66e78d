package dev.switchboard.hub;

/**
 * An OData filter that cannot be parsed or is ill-typed; the REST API answers 400 with
 * {@link #getMessage()}, which names the position and what was expected.
 */
public final class FilterException extends IllegalArgumentException {
  private final int position;
  private final String expected;

  public FilterException(int position, String expected, String found) {
    super("invalid filter at position " + position + ": expected " + expected
        + (found == null ? "" : ", found " + found));
    this.position = position;
    this.expected = expected;
  }

  /** The 0-based character offset in the filter where the problem was found. */
  public int position() {
    return position;
  }

  /** What would have been valid there. */
  public String expected() {
    return expected;
  }
}
