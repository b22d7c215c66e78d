package dev.switchboard.hub.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubprotocolTest {

  @Test
  void selectsTheFirstPredefinedOfferedTokenVerbatim() {
    assertThat(Subprotocol.select(List.of("foo, json.reliable.webpubsub.azure.v1", "protobuf.webpubsub.azure.v1")))
        .contains("json.reliable.webpubsub.azure.v1");
  }

  @Test
  void noOfferOrOnlyUnknownTokensMeansSimpleClientWithoutHeader() {
    assertThat(Subprotocol.select(List.of())).isEmpty();
    assertThat(Subprotocol.select(List.of("chat, superchat"))).isEmpty();
  }

  @Test
  void matchingIsCaseSensitiveBecauseClientsCompareTheEchoExactly() {
    assertThat(Subprotocol.select(List.of("JSON.webpubsub.azure.v1"))).isEmpty();
    assertThat(Subprotocol.of("JSON.webpubsub.azure.v1")).isEmpty();
  }

  @Test
  void everyPredefinedTokenMapsToItsKind() {
    assertThat(Subprotocol.of("json.webpubsub.azure.v1")).contains(Subprotocol.JSON);
    assertThat(Subprotocol.of("protobuf.reliable.webpubsub.azure.v1")).contains(Subprotocol.PROTOBUF_RELIABLE);
    assertThat(Subprotocol.PROTOBUF_RELIABLE.isProtobuf()).isTrue();
    assertThat(Subprotocol.PROTOBUF_RELIABLE.isReliable()).isTrue();
    assertThat(Subprotocol.JSON.isReliable()).isFalse();
    assertThat(ClientCodec.of(Subprotocol.PROTOBUF).subprotocol()).isEqualTo(Subprotocol.PROTOBUF);
    assertThat(Optional.of(ClientCodec.of(Subprotocol.JSON_RELIABLE))).get().isInstanceOf(JsonCodec.class);
  }
}
