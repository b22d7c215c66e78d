package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@link SharedUris}: one instance per request target without a query, within a bound. */
class SharedUrisTest {

  private final SharedUris uris = new SharedUris(8);

  @Test
  void theSameTargetGivesTheSameInstance() {
    URI first = uris.parse("/chat");
    assertThat(uris.parse(new String("/chat"))).isSameAs(first).isEqualTo(URI.create("/chat"));
  }

  @Test
  void targetsWithAQueryAreParsedEachTime() {
    URI first = uris.parse("/chat?token=abc");
    URI second = uris.parse("/chat?token=abc");
    assertThat(second).isEqualTo(first).isNotSameAs(first);
    assertThat(second.getQuery()).isEqualTo("token=abc");
  }

  @Test
  void onlyABoundedNumberOfTargetsIsKept() {
    for (int i = 0; i < 8 + 5; i++) {
      uris.parse("/many/" + i);
    }
    String late = "/late";
    assertThat(uris.parse(late)).isNotSameAs(uris.parse(late)).isEqualTo(URI.create(late));
  }

  @Test
  void anInvalidTargetIsRefusedAsByUriCreate() {
    assertThatThrownBy(() -> uris.parse("/a b")).isInstanceOf(IllegalArgumentException.class);
  }
}
