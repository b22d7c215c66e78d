package dev.switchboard.hub;

import dev.switchboard.hub.internal.FilterParser;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed OData filter over connections (spec §1.3), e.g.
 * {@code userId eq 'alice' or 'admins' in groups}. Thread-safe (immutable).
 *
 * <p>Properties: {@code connectionId}, {@code userId}, {@code protocol} (strings; {@code userId}
 * may be null) and {@code groups} (a collection). Operators {@code eq ne gt ge lt le},
 * {@code and or not}, parentheses, {@code in} (a value in {@code groups} or in a list such as
 * {@code ('a','b')}); literals {@code 'text'} (a quote doubled inside), integers, {@code true},
 * {@code false}, {@code null}; functions {@code tolower toupper trim substring concat indexof
 * length startswith endswith contains}. String comparisons and the string functions that search
 * ({@code indexof startswith endswith contains}, {@code in}) ignore case. Names of properties,
 * operators and functions are case-insensitive. Precedence: {@code not}, comparisons,
 * {@code and}, {@code or}; {@code not} may also be written before a comparison
 * ({@code not userId eq 'a'}), which means the same in every well-typed filter. Types are checked
 * at parse time: a filter must be a boolean expression.
 */
public final class ConnectionFilter implements Predicate<ConnectionInfo> {
  private final String text;
  private final FilterParser.Compiled predicate;

  private ConnectionFilter(String text, FilterParser.Compiled predicate) {
    this.text = text;
    this.predicate = predicate;
  }

  /**
   * Parses {@code text} within the {@link HubLimits#DEFAULT} length and depth.
   *
   * @throws FilterException naming the position and what was expected, for any invalid input
   */
  public static ConnectionFilter parse(String text) {
    return parse(text, HubLimits.DEFAULT);
  }

  /**
   * Parses {@code text} within {@code limits}' filter length and depth.
   *
   * @throws FilterException naming the position and what was expected, for any invalid input
   */
  public static ConnectionFilter parse(String text, HubLimits limits) {
    return new ConnectionFilter(text,
        FilterParser.parse(text, limits.filterMaxLength(), limits.filterMaxDepth()));
  }

  /** The filter's source text, as given (engines send it to other nodes, which parse it). */
  public String text() {
    return text;
  }

  @Override
  public boolean test(ConnectionInfo connection) {
    return matches(connection.connectionId(), connection.userId(), connection.groups(),
        connection.protocol());
  }

  /** Whether a connection with these properties passes the filter (no snapshot needed). */
  public boolean matches(String connectionId, String userId, Set<String> groups,
      String protocol) {
    return predicate.matches(connectionId, userId, groups, protocol);
  }

  @Override
  public String toString() {
    return "ConnectionFilter[" + text + "]";
  }
}
