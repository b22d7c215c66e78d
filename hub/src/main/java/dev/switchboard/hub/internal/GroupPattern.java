package dev.switchboard.hub.internal;

import java.util.regex.Pattern;

/**
 * A compiled wildcard group pattern of a {@code webpubsub.joinLeaveGroups.<pattern>} or
 * {@code webpubsub.sendToGroups.<pattern>} role: {@code ?} one character other than {@code .},
 * {@code *} any run without {@code .}, {@code **} anything, {@code \} escapes the next
 * character; at most {@value #MAX_STARS} {@code *}; case-sensitive. Thread-safe (immutable).
 */
public final class GroupPattern {
  public static final int MAX_STARS = 5;
  private final String source;
  private final Pattern regex;

  private GroupPattern(String source, Pattern regex) {
    this.source = source;
    this.regex = regex;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException if it is empty, ends with a lone {@code \}, or has more
   *     than {@value #MAX_STARS} {@code *}
   */
  public static GroupPattern compile(String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("a group pattern must not be empty");
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int stars = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 == pattern.length()) {
          throw new IllegalArgumentException("group pattern '" + pattern
              + "' ends with a lone \\ (escape \\ as \\\\)");
        }
        literal.append(pattern.charAt(++i));
        continue;
      }
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      flush(re, literal);
      if (c == '?') {
        re.append("[^.]");
      } else if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        stars += 2;
        i++;
        re.append(".*");
      } else {
        stars++;
        re.append("[^.]*");
      }
    }
    if (stars > MAX_STARS) {
      throw new IllegalArgumentException("group pattern '" + pattern + "' has " + stars
          + " '*'; at most " + MAX_STARS + " are allowed");
    }
    flush(re, literal);
    return new GroupPattern(pattern, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  private static void flush(StringBuilder re, StringBuilder literal) {
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  public boolean matches(String group) {
    return regex.matcher(group).matches();
  }

  @Override
  public String toString() {
    return source;
  }
}
