package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of the Sec-WebSocket-Extensions grammar (RFC 6455 §9.1). */
class ExtensionOfferPropertyTest {

  static final String TCHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

  static Arbitrary<String> tokens() {
    return Arbitraries.strings().withChars(TCHARS.toCharArray()).ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<List<ExtensionOffer>> offers() {
    Arbitrary<String> value = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)), net.jqwik.api.Tuple.of(3, tokens()));
    Arbitrary<Map<String, String>> params = Arbitraries.maps(tokens(), value).ofMaxSize(4)
        .map(LinkedHashMap::new);
    return Combinators.combine(tokens(), params).as(ExtensionOffer::new).list().ofMaxSize(4);
  }

  @Property(tries = 300)
  @Label("toHeaderValue then parse gives equal offers, in order")
  void toHeaderValueThenParseRoundTrips(@ForAll("offers") List<ExtensionOffer> offers) {
    assertThat(ExtensionOffer.parse(ExtensionOffer.toHeaderValue(offers))).isEqualTo(offers);
    for (ExtensionOffer o : offers) {
      assertThat(ExtensionOffer.parse(o.toHeaderValue())).containsExactly(o);
    }
  }

  @Property(tries = 300)
  @Label("any legal spelling (quoted or escaped values, optional whitespace, several header lines) parses the same")
  void anyLegalSpellingParsesTheSame(@ForAll("offers") List<ExtensionOffer> offers, @ForAll long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (ExtensionOffer o : offers) {
      if (line.length() > 0 && r.nextBoolean()) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0 || r.nextInt(4) == 0) {
        line.append(space(r)).append(',').append(space(r));
      }
      line.append(o.name());
      for (Map.Entry<String, String> p : o.params().entrySet()) {
        line.append(space(r)).append(';').append(space(r)).append(p.getKey());
        if (p.getValue() != null) {
          line.append(space(r)).append('=').append(space(r)).append(spell(p.getValue(), r));
        }
      }
    }
    line.append(space(r));
    lines.add(line.toString());
    assertThat(ExtensionOffer.parse(lines)).as(lines.toString()).isEqualTo(offers);
  }

  static String space(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> " ";
      case 1 -> "\t ";
      default -> "";
    };
  }

  /** A token value as is, quoted, or quoted with some characters backslash-escaped. */
  static String spell(String value, Random r) {
    switch (r.nextInt(3)) {
      case 0:
        return value;
      case 1:
        return '"' + value + '"';
      default:
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
          if (r.nextBoolean()) {
            sb.append('\\');
          }
          sb.append(c);
        }
        return sb.append('"').toString();
    }
  }
}
