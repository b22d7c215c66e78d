package dev.switchboard.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Wildcard group patterns of the {@code webpubsub.*Groups.<pattern>} roles (spec §3.5). */
class GroupPatternTest {
  @Test
  void wildcardsStopAtDotsExceptDoubleStar() {
    assertThat(GroupPattern.compile("a.*").matches("a.b")).isTrue();
    assertThat(GroupPattern.compile("a.*").matches("a.")).isTrue();
    assertThat(GroupPattern.compile("a.*").matches("a.b.c")).isFalse();
    assertThat(GroupPattern.compile("a.**").matches("a.b.c")).isTrue();
    assertThat(GroupPattern.compile("**").matches("anything.at.all")).isTrue();
    assertThat(GroupPattern.compile("a?c").matches("abc")).isTrue();
    assertThat(GroupPattern.compile("a?c").matches("a.c")).isFalse();
    assertThat(GroupPattern.compile("a?c").matches("ac")).isFalse();
  }

  @Test
  void regexCharactersAreLiteralAndBackslashEscapes() {
    assertThat(GroupPattern.compile("a+b(c)").matches("a+b(c)")).isTrue();
    assertThat(GroupPattern.compile("a+b").matches("aab")).isFalse();
    assertThat(GroupPattern.compile("a\\*").matches("a*")).isTrue();
    assertThat(GroupPattern.compile("a\\*").matches("ab")).isFalse();
    assertThat(GroupPattern.compile("a\\?").matches("a?")).isTrue();
    assertThat(GroupPattern.compile("a\\\\").matches("a\\")).isTrue();
  }

  @Test
  void caseSensitive() {
    assertThat(GroupPattern.compile("Room*").matches("room1")).isFalse();
  }

  @Test
  void invalidPatternsAreRefused() {
    assertThatThrownBy(() -> GroupPattern.compile("a\\")).hasMessageContaining("lone \\");
    assertThatThrownBy(() -> GroupPattern.compile("*.*.*.*.**")).hasMessageContaining("at most 5");
    assertThat(GroupPattern.compile("*.*.*.*.*").matches("a.b.c.d.e")).isTrue();
    assertThat(GroupPattern.compile("\\*\\*\\*\\*\\*\\*").matches("******")).isTrue();
    assertThatThrownBy(() -> GroupPattern.compile("")).hasMessageContaining("empty");
  }
}
