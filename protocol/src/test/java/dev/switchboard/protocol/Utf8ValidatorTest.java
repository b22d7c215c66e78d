package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3629 fixtures for the streaming validator; {@link Utf8ValidatorPropertyTest} compares it with the JDK. */
class Utf8ValidatorTest {

  @ParameterizedTest(name = "bytes [{0}]")
  @ValueSource(strings = {
      "", "00", "7f", "c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf", "f0 90 80 80", "f4 8f bf bf",
      "cebae1bdb9cf83cebcceb5", "f09f9880 61 c3a9"})
  @DisplayName("RFC 3629 §4, Autobahn 6.2.x/6.5.x: boundary code points U+0000..U+10FFFF are valid")
  void validSequences(String hex) {
    assertThat(Utf8Validator.isValid(Hex.bytes(hex))).isTrue();
  }

  @ParameterizedTest(name = "bytes [{0}]")
  @ValueSource(strings = {
      "80", "bf", "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf",
      "ed a0 80", "ed bf bf", "f4 90 80 80", "f5 80 80 80", "f8", "fe", "ff",
      "c2 41", "e1 80 41", "f1 80 80 41", "c2 c2 80"})
  @DisplayName("RFC 3629 §3, Autobahn 6.3.x-6.21.x: overlongs, surrogates, >U+10FFFF, bad leads and continuations are invalid")
  void invalidSequences(String hex) {
    Utf8Validator v = new Utf8Validator();
    assertThat(v.feed(Hex.bytes(hex), 0, Hex.bytes(hex).length)).isFalse();
    assertThat(v.hasFailed()).isTrue();
    assertThat(Utf8Validator.isValid(Hex.bytes(hex))).isFalse();
  }

  @ParameterizedTest(name = "bytes [{0}]")
  @ValueSource(strings = {"c2", "e0 a0", "e1", "f0 90 80", "f4 8f", "61 62 f3 bf bf"})
  @DisplayName("RFC 3629: a truncated final sequence is not an error while streaming, only incomplete")
  void truncatedSequenceIsIncompleteNotFailed(String hex) {
    Utf8Validator v = new Utf8Validator();
    byte[] b = Hex.bytes(hex);
    assertThat(v.feed(b, 0, b.length)).isTrue();
    assertThat(v.isComplete()).isFalse();
    assertThat(v.hasFailed()).isFalse();
    assertThat(Utf8Validator.isValid(b)).isFalse();
  }

  @Test
  @DisplayName("state carries across chunks: a code point split byte by byte is valid")
  void stateCarriesAcrossChunks() {
    Utf8Validator v = new Utf8Validator();
    for (String b : new String[] {"f0", "9f", "98", "80"}) {
      assertThat(v.isComplete()).isEqualTo(b.equals("f0"));
      assertThat(v.feed(Hex.bytes(b), 0, 1)).isTrue();
    }
    assertThat(v.isComplete()).isTrue();
    // ...and the range check of the second byte applies across the split too.
    Utf8Validator w = new Utf8Validator();
    assertThat(w.feed(Hex.bytes("ed"), 0, 1)).isTrue();
    assertThat(w.feed(Hex.bytes("a0"), 0, 1)).isFalse();
  }

  @Test
  @DisplayName("a failure is sticky until reset")
  void failureIsStickyUntilReset() {
    Utf8Validator v = new Utf8Validator();
    assertThat(v.feed(Hex.bytes("ff"), 0, 1)).isFalse();
    assertThat(v.feed(Hex.bytes("61"), 0, 1)).isFalse();
    assertThat(v.isComplete()).isFalse();
    v.reset();
    assertThat(v.hasFailed()).isFalse();
    assertThat(v.feed(Hex.bytes("61"), 0, 1)).isTrue();
    assertThat(v.isComplete()).isTrue();
  }

  @Test
  @DisplayName("the ASCII fast path still finds a bad byte at every position of long runs")
  void badByteFoundAtEveryPositionOfAsciiRuns() {
    for (int len = 1; len <= 40; len++) {
      for (int bad = 0; bad < len; bad++) {
        byte[] b = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(0, len).getBytes(StandardCharsets.US_ASCII);
        b[bad] = (byte) 0x80;
        assertThat(Utf8Validator.isValid(b)).as("length %d, bad at %d", len, bad).isFalse();
        b[bad] = (byte) 0x7f;
        assertThat(Utf8Validator.isValid(b)).as("length %d, DEL at %d", len, bad).isTrue();
      }
    }
  }

  @Test
  @DisplayName("feed reads only between from and to (or position and limit) and leaves them unchanged")
  void feedReadsOnlyItsRange() {
    for (boolean direct : new boolean[] {false, true}) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
        byte[] text = "hello, wörld, all ASCII here.....".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = Recorder.window(text, 0, text.length, direct, order); // 0x8f filler around it
        int pos = b.position();
        int lim = b.limit();
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(b)).isTrue();
        assertThat(v.isComplete()).isTrue();
        assertThat(b.position()).isEqualTo(pos);
        assertThat(b.limit()).isEqualTo(lim);
        v.reset();
        assertThat(v.feed(b, pos - 1, lim)).as("the filler byte before is a lone continuation").isFalse();
      }
    }
  }

  @Test
  @DisplayName("toString shows the state")
  void toStringShowsState() {
    Utf8Validator v = new Utf8Validator();
    String fresh = v.toString();
    v.feed(Hex.bytes("e2"), 0, 1);
    assertThat(v.toString()).startsWith("Utf8Validator[").isNotEqualTo(fresh);
  }
}
