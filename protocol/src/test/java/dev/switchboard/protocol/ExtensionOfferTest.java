package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Sec-WebSocket-Extensions grammar of RFC 6455 §9.1, with RFC 7692's offers as examples. */
class ExtensionOfferTest {

  static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  @DisplayName("RFC 7692 §5: two offers, a parameter without a value and one with a value")
  void parsesTwoDeflateOffers() {
    List<ExtensionOffer> offers = ExtensionOffer.parse(
        "permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits=10");
    assertThat(offers).containsExactly(
        new ExtensionOffer("permessage-deflate", params("client_max_window_bits", null)),
        new ExtensionOffer("permessage-deflate", params("server_max_window_bits", "10")));
    assertThat(offers.get(0).params()).containsEntry("client_max_window_bits", null);
  }

  @Test
  @DisplayName("RFC 6455 §9.1: a quoted value is unquoted, and backslash escapes are undone")
  void quotedValuesAreUnquoted() {
    assertThat(ExtensionOffer.parse("x; a=\"10\"")).containsExactly(new ExtensionOffer("x", params("a", "10")));
    assertThat(ExtensionOffer.parse("x; a=\"1\\0\"")).containsExactly(new ExtensionOffer("x", params("a", "10")));
  }

  @Test
  @DisplayName("RFC 7230 §7: parameters keep their order, spaces and tabs are optional, empty elements are skipped")
  void whitespaceOrderAndEmptyElements() {
    List<ExtensionOffer> offers = ExtensionOffer.parse(List.of(" , a ;\tz=1 ; b ;c=\"x\" ,, ", "d", ""));
    assertThat(offers).containsExactly(new ExtensionOffer("a", params("z", "1", "b", null, "c", "x")),
        new ExtensionOffer("d", Map.of()));
    assertThat(offers.get(0).params().keySet()).containsExactly("z", "b", "c");
    assertThat(ExtensionOffer.parse("")).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "; a=1                 | expected extension name at index 0",
      "x, ;a                 | expected extension name at index 3",
      "x; a=\"10             | unterminated quoted string at index 8",
      "x; a=\"1\\            | unterminated quoted string at index 8",
      "x; a=1; a=2           | parameter 'a' repeated",
      "x; a; b; a            | at index 9",
      "x; a=1@               | expected ',' or ';' at index 6",
      "x y                   | expected ',' or ';' at index 2",
      "x; =1                 | expected parameter name at index 3",
      "x; a=                 | expected parameter value at index 5",
      "x; a=\"\"             | is not a token",
      "x; a=\"1 0\"          | quoted value \"1 0\" is not a token",
      "é                     | expected extension name at index 0",
      "x;                    | expected parameter name at index 2"})
  @DisplayName("RFC 6455 §9.1: malformed headers are refused, saying where")
  void malformedHeadersAreRefusedWithTheIndex(String header, String message) {
    assertThatThrownBy(() -> ExtensionOffer.parse(header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip())
        .hasMessageContaining("index")
        .hasMessageContaining("'" + header + "'");
  }

  @Test
  @DisplayName("toHeaderValue writes name; a; b=1 and joins offers with commas")
  void rendersHeaderValues() {
    ExtensionOffer deflate = new ExtensionOffer("permessage-deflate", params("client_max_window_bits", null, "server_max_window_bits", "10"));
    assertThat(deflate.toHeaderValue()).isEqualTo("permessage-deflate; client_max_window_bits; server_max_window_bits=10");
    assertThat(ExtensionOffer.toHeaderValue(List.of(deflate, new ExtensionOffer("x", Map.of()))))
        .isEqualTo("permessage-deflate; client_max_window_bits; server_max_window_bits=10, x");
    assertThat(ExtensionOffer.toHeaderValue(List.of())).isEmpty();
  }

  @Test
  @DisplayName("RFC 6455 §9.1: names, parameter names and values must be tokens, or the offer could not be sent")
  void constructorRefusesWhatCannotBeWritten() {
    assertThatThrownBy(() -> new ExtensionOffer("a b", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtensionOffer(null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtensionOffer("x", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtensionOffer("x", params("a b", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a b");
    assertThatThrownBy(() -> new ExtensionOffer("x", params("a", "1 0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 0");
    assertThatThrownBy(() -> new ExtensionOffer("x", params("a", "")))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "1");
    assertThatThrownBy(() -> new ExtensionOffer("x", nullKey)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an offer is immutable: later changes to the given map do not show, and params cannot be changed")
  void offersAreImmutable() {
    Map<String, String> p = params("a", "1");
    ExtensionOffer offer = new ExtensionOffer("x", p);
    p.put("b", "2");
    assertThat(offer.params()).containsOnlyKeys("a");
    assertThatThrownBy(() -> offer.params().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
  }
}
