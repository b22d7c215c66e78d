package dev.switchboard.hub.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever we encode is one JSON object that a plain JSON parser reads back field for field. */
class JsonEncodeTest {

  private static final ObjectMapper PLAIN = new ObjectMapper();
  private final ClientCodec reliable = ClientCodec.of(Subprotocol.JSON_RELIABLE);

  @Property(tries = 500)
  void groupMessagesReadBackExactly(@ForAll("texts") String group, @ForAll("texts") String text, @ForAll byte[] bytes,
      @ForAll long sequenceId, @ForAll boolean binary) throws Exception {
    Payload data = binary ? Payload.binary(bytes) : Payload.text(text);
    JsonNode n = PLAIN.readTree(reliable.encode(new ServerMessage.GroupMessage(group, data, text, sequenceId)).bytes());
    assertThat(n.get("type").asText()).isEqualTo("message");
    assertThat(n.get("group").asText()).isEqualTo(group);
    assertThat(n.get("fromUserId").asText()).isEqualTo(text);
    if (binary) {
      assertThat(n.get("dataType").asText()).isEqualTo("binary");
      assertThat(Base64.getDecoder().decode(n.get("data").asText())).isEqualTo(bytes);
    } else {
      assertThat(n.get("dataType").asText()).isEqualTo("text");
      assertThat(n.get("data").asText()).isEqualTo(text);
    }
    if (sequenceId == 0) {
      assertThat(n.has("sequenceId")).isFalse();
    } else {
      assertThat(n.get("sequenceId").bigIntegerValue()).isEqualTo(new BigInteger(Long.toUnsignedString(sequenceId)));
    }
  }

  @Property(tries = 300)
  void acksReadBackExactly(@ForAll long ackId, @ForAll("texts") String message) throws Exception {
    JsonNode n = PLAIN.readTree(reliable.encode(ServerMessage.Ack.failure(ackId, AckErrorName.FORBIDDEN, message)).bytes());
    assertThat(n.get("ackId").bigIntegerValue()).isEqualTo(new BigInteger(Long.toUnsignedString(ackId)));
    assertThat(n.get("success").asBoolean()).isFalse();
    assertThat(n.at("/error/name").asText()).isEqualTo("Forbidden");
    assertThat(n.at("/error/message").asText()).isEqualTo(message);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(40)
        .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE));
  }
}
