package dev.switchboard.hub.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec §4.1: handler settings. */
class EventHandlerTest {

  @Test
  void placeholdersAreReplacedUrlEncoded() {
    EventHandler h = EventHandler.of("http://127.0.0.1:3000/api/{hub}/x?e={event}");
    assertThat(h.url("my hub", "a.b")).isEqualTo(URI.create("http://127.0.0.1:3000/api/my%20hub/x?e=a.b"));
  }

  @Test
  void userEventPatterns() {
    assertThat(new EventHandler("http://h/", "*", Set.of()).handlesUserEvent("anything")).isTrue();
    EventHandler list = new EventHandler("http://h/", " a , b ", Set.of());
    assertThat(list.handlesUserEvent("a")).isTrue();
    assertThat(list.handlesUserEvent("b")).isTrue();
    assertThat(list.handlesUserEvent("c")).isFalse();
    assertThat(new EventHandler("http://h/", null, Set.of()).handlesUserEvent("a")).isFalse();
    assertThat(new EventHandler("http://h/", "message", Set.of(SystemEvent.CONNECT)).handlesSystemEvent(SystemEvent.CONNECT)).isTrue();
  }

  @Test
  void badTemplatesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> EventHandler.of("http://{hub}.example.com/")).hasMessageContaining("host");
    assertThatThrownBy(() -> EventHandler.of("ftp://example.com/")).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> EventHandler.of("/relative/{event}")).hasMessageContaining("absolute");
  }

  @Test
  void systemEventNames() {
    assertThat(SystemEvent.of("Connected")).contains(SystemEvent.CONNECTED);
    assertThat(SystemEvent.CONNECT.ceType()).isEqualTo("azure.webpubsub.sys.connect");
  }
}
