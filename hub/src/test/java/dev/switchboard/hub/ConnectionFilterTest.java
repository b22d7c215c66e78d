package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OData connection filter (spec §1.3): grammar, semantics, errors, robustness. */
class ConnectionFilterTest {
  static final ConnectionInfo ALICE = new ConnectionInfo("conn1", "Alice",
      Set.of("admins", "room.1"), "json.webpubsub.azure.v1");
  static final ConnectionInfo ANON = new ConnectionInfo("conn2", null, Set.of(), "");

  static boolean eval(String filter, ConnectionInfo c) {
    return ConnectionFilter.parse(filter).test(c);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "userId eq 'alice'                                  | true",
      "userId eq 'bob'                                    | false",
      "userId ne 'bob'                                    | true",
      "connectionId eq 'conn1' and userId eq 'Alice'      | true",
      "connectionId eq 'x' or userId eq 'Alice'           | true",
      "not (userId eq 'alice')                            | false",
      "not userId eq 'alice'                              | false",
      "NOT userId EQ 'bob'                                | true",
      "'admins' in groups                                 | true",
      "'ADMINS' in groups                                 | true",
      "'guests' in groups                                 | false",
      "not('guests' in groups)                            | true",
      "userId in ('bob', 'alice')                         | true",
      "userId in ('bob', 'carol')                         | false",
      "userId gt 'aaron' and userId lt 'b'                | true",
      "userId ge 'ALICE' and userId le 'alice'            | true",
      "length(groups) eq 2                                | true",
      "length(userId) gt 4                                | true",
      "startswith(connectionId, 'CONN')                   | true",
      "endswith(userId, 'ice')                            | true",
      "contains(protocol, 'webpubsub')                    | true",
      "indexof(userId, 'l') eq 1                          | true",
      "tolower(userId) eq 'alice'                         | true",
      "toupper(userId) eq 'ALICE'                         | true",
      "trim('  alice ') eq userId                         | true",
      "substring(userId, 1) eq 'lice'                     | true",
      "substring(userId, 1, 2) eq 'li'                    | true",
      "concat(userId, '!') eq 'alice!'                    | true",
      "protocol eq 'json.webpubsub.azure.v1'              | true",
      "userId eq null                                     | false",
      "userId ne null                                     | true",
      "true                                               | true",
      "false or (1 lt 2 and -3 lt 0)                      | true",
      "a or b                                             | ERROR",
  })
  void evaluatesAgainstAConnection(String filter, String expected) {
    if (expected.equals("ERROR")) {
      assertThatThrownBy(() -> ConnectionFilter.parse(filter))
          .isInstanceOf(FilterException.class);
    } else {
      assertThat(eval(filter, ALICE)).as(filter).isEqualTo(Boolean.parseBoolean(expected));
    }
  }

  @Test
  void nullUserIdComparesOnlyEqualToNull() {
    assertThat(eval("userId eq null", ANON)).isTrue();
    assertThat(eval("userId eq 'x'", ANON)).isFalse();
    assertThat(eval("userId ne 'x'", ANON)).isTrue();
    assertThat(eval("userId gt 'a'", ANON)).isFalse();
    assertThat(eval("startswith(userId, 'a')", ANON)).isFalse();
    assertThat(eval("length(userId) eq 0", ANON)).isFalse();
    assertThat(eval("userId in ('a')", ANON)).isFalse();
    assertThat(eval("length(groups) eq 0", ANON)).isTrue();
  }

  @Test
  void quotesAreDoubledInsideStrings() {
    ConnectionInfo c = new ConnectionInfo("c", "o'brien", Set.of("it's"), "");
    assertThat(eval("userId eq 'o''brien'", c)).isTrue();
    assertThat(eval("'it''s' in groups", c)).isTrue();
  }

  @Test
  void andBindsTighterThanOr() {
    assertThat(eval("userId eq 'x' and false or true", ALICE)).isTrue();
    assertThat(eval("true or userId eq 'x' and false", ALICE)).isTrue();
    assertThat(eval("(true or true) and false", ALICE)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "userId eq                 | 9  | a property",
      "userId eq 'x             | 10 | a closing quote",
      "userId eq 1              | 7  | values of the same type",
      "userId gt true           | 7  | two strings or two numbers",
      "groups eq 'a'            | 7  | single values on both sides",
      "'a' in userId            | 4  | a collection after 'in'",
      "userId                   | 0  | a boolean expression",
      "(userId eq 'a'           | 14 | ')'",
      "userId eq 'a' 'b'        | 14 | an operator",
      "foo(userId)              | 0  | a property",
      "length(1)                | 8  | arguments length(string) or length(collection)",
      "userId eq 'a' and 1      | 14 | boolean operands for 'and'",
      "not 'a'                  | 0  | a boolean operand for 'not'",
      "userId eq @              | 10 | a property, literal",
      "1 eq 99999999999999999999 | 5 | an integer within 64 bits",
      "(('a'))                   | 0 | a boolean expression",
  })
  void invalidFiltersNameThePositionAndWhatWasExpected(String filter, int position,
      String expected) {
    assertThatThrownBy(() -> ConnectionFilter.parse(filter))
        .isInstanceOfSatisfying(FilterException.class, e -> {
          assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
          assertThat(e.expected()).contains(expected);
          assertThat(e.getMessage()).startsWith("invalid filter at position " + position);
        });
  }

  @Test
  void emptyFilterIsAnError() {
    assertThatThrownBy(() -> ConnectionFilter.parse("")).isInstanceOf(FilterException.class)
        .hasMessageContaining("the end of the filter");
    assertThatThrownBy(() -> ConnectionFilter.parse(null)).isInstanceOf(FilterException.class);
  }

  @Test
  void lengthAndDepthAreLimited() {
    HubLimits limits = HubLimits.DEFAULT.withFilterMaxLength(20).withFilterMaxDepth(3);
    assertThatThrownBy(() -> ConnectionFilter.parse("userId eq '" + "x".repeat(20) + "'", limits))
        .isInstanceOf(FilterException.class).hasMessageContaining("filterMaxLength");
    assertThat(ConnectionFilter.parse("(((true)))", limits).test(ALICE)).isTrue();
    assertThatThrownBy(() -> ConnectionFilter.parse("((((true))))", limits))
        .hasMessageContaining("filterMaxDepth");
    assertThatThrownBy(() -> ConnectionFilter.parse("not not not not true", limits))
        .hasMessageContaining("filterMaxDepth");
    String deep = "(".repeat(100_000) + "true" + ")".repeat(100_000);
    assertThatThrownBy(() -> ConnectionFilter.parse(deep,
        HubLimits.DEFAULT.withFilterMaxLength(1_000_000)))
        .isInstanceOf(FilterException.class).hasMessageContaining("filterMaxDepth");
  }

  @Test
  void longFlatChainsEvaluateWithoutDeepRecursion() {
    String chain = String.join(" or ", java.util.Collections.nCopies(5_000, "userId eq 'x'"))
        + " or userId eq 'alice'";
    ConnectionFilter f = ConnectionFilter.parse(chain,
        HubLimits.DEFAULT.withFilterMaxLength(1_000_000));
    assertThat(f.test(ALICE)).isTrue();
    assertThat(f.text()).isEqualTo(chain);
  }

  /** Arbitrary input never makes the parser throw anything but FilterException, nor hang. */
  @Property(tries = 3000)
  void arbitraryTextOnlyEverFailsWithFilterException(@ForAll("filterish") String text) {
    try {
      ConnectionFilter f = ConnectionFilter.parse(text);
      f.test(ALICE);
      f.test(ANON);
    } catch (FilterException expected) {
      assertThat(expected.position()).isBetween(0, Math.max(text.length(), 4096));
    }
  }

  @Property(tries = 1000)
  void arbitraryUnicodeOnlyEverFailsWithFilterException(@ForAll String text) {
    try {
      ConnectionFilter.parse(text).test(ANON);
    } catch (FilterException expected) {
      assertThat(expected.getMessage()).startsWith("invalid filter at position");
    }
  }

  @Provide
  Arbitrary<String> filterish() {
    Arbitrary<String> tokens = Arbitraries.of("userId", "connectionId", "groups", "protocol",
        "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in", "(", ")", ",", "'a'",
        "'it''s'", "'", "1", "-2", "99999999999999999999", "true", "false", "null", "tolower",
        "toupper", "trim", "substring", "concat", "indexof", "length", "startswith", "endswith",
        "contains", "@", " ", "''");
    return tokens.list().ofMaxSize(25).map(l -> String.join(" ", l));
  }
}
