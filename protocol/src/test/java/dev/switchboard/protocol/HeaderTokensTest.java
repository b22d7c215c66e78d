package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The RFC 7230 list and token grammar used by the handshake headers. */
class HeaderTokensTest {

  @Test
  @DisplayName("RFC 7230 §3.2.6: tchar is ALPHA, DIGIT and !#$%&'*+-.^_`|~")
  void tokenCharacters() {
    for (char c = 0; c < 256; c++) {
      boolean expected = Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      assertThat(HeaderTokens.isTokenChar(c)).as("char %d", (int) c).isEqualTo(expected);
    }
    assertThat(HeaderTokens.isToken("permessage-deflate")).isTrue();
    assertThat(HeaderTokens.isToken("")).isFalse();
    assertThat(HeaderTokens.isToken(null)).isFalse();
    assertThat(HeaderTokens.isToken("a b")).isFalse();
    assertThat(HeaderTokens.isToken("a\"")).isFalse();
  }

  @Test
  @DisplayName("RFC 7230 §7: parseList splits on commas across values, trims, and drops empty elements")
  void parseListSplitsAndTrims() {
    assertThat(HeaderTokens.parseList(List.of("chat, superchat", " ,v2.bot , ,", ""))).containsExactly("chat", "superchat", "v2.bot");
    assertThat(HeaderTokens.parseList(List.of())).isEmpty();
  }

  @Test
  @DisplayName("RFC 7230 §7: parseList names the first element that is not a token")
  void parseListRefusesNonTokens() {
    assertThatThrownBy(() -> HeaderTokens.parseList(List.of("chat, super chat, x y")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'super chat'");
    assertThatThrownBy(() -> HeaderTokens.parseList(List.of("ok", "\"quoted\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'\"quoted\"'");
  }

  @Test
  @DisplayName("RFC 7230 §6.1: contains matches whole list elements, ignoring case, across several values")
  void containsMatchesWholeElementsIgnoringCase() {
    assertThat(HeaderTokens.contains(List.of("keep-alive, Upgrade"), "upgrade")).isTrue();
    assertThat(HeaderTokens.contains(List.of("keep-alive", " UPGRADE "), "upgrade")).isTrue();
    assertThat(HeaderTokens.contains(List.of("keep-alive,upgrade"), "Upgrade")).isTrue();
    assertThat(HeaderTokens.contains(List.of("upgraded, keep-alive"), "upgrade")).isFalse();
    assertThat(HeaderTokens.contains(List.of("no-upgrade"), "upgrade")).isFalse();
    assertThat(HeaderTokens.contains(List.of(), "upgrade")).isFalse();
  }
}
