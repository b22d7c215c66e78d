package dev.switchboard.hub.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.server.protocol.ClientMessage.Event;
import dev.switchboard.hub.server.protocol.ClientMessage.JoinGroup;
import dev.switchboard.hub.server.protocol.ClientMessage.LeaveGroup;
import dev.switchboard.hub.server.protocol.ClientMessage.Ping;
import dev.switchboard.hub.server.protocol.ClientMessage.SendToGroup;
import dev.switchboard.hub.server.protocol.ClientMessage.SequenceAck;
import dev.switchboard.hub.server.protocol.ClientMessage.Unsupported;
import dev.switchboard.hub.server.protocol.ServerMessage.Ack;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Spec §3.2 (client → service) and §3.3 (service → client) of the JSON subprotocols. */
class JsonCodecTest {

  private final ClientCodec json = ClientCodec.of(Subprotocol.JSON);
  private final ClientCodec reliable = ClientCodec.of(Subprotocol.JSON_RELIABLE);

  private ClientMessage decode(String s) throws ClientMessageException {
    return json.decode(s.getBytes(StandardCharsets.UTF_8), true);
  }

  private ClientMessageException failure(String s) {
    try {
      decode(s);
    } catch (ClientMessageException e) {
      return e;
    }
    throw new AssertionError("decoded without error: " + s);
  }

  @Test
  void joinAndLeaveGroupWithAndWithoutAckId() throws Exception {
    assertThat(decode("{\"type\":\"joinGroup\",\"group\":\"g 1\",\"ackId\":1}")).isEqualTo(new JoinGroup("g 1", OptionalLong.of(1)));
    assertThat(decode("{\"type\":\"leaveGroup\",\"group\":\"g\"}")).isEqualTo(new LeaveGroup("g", OptionalLong.empty()));
  }

  @Test
  void sendToGroupDefaultsToJsonAndKeepsTheValueAsJsonText() throws Exception {
    assertThat(decode("{\"type\":\"sendToGroup\",\"group\":\"g\",\"data\":{\"a\":[1,2.50,\"x\"]}}"))
        .isEqualTo(new SendToGroup("g", OptionalLong.empty(), false, Payload.json("{\"a\":[1,2.50,\"x\"]}")));
  }

  @Test
  void sendToGroupTextBinaryProtobufAndNoEcho() throws Exception {
    assertThat(decode("{\"type\":\"sendToGroup\",\"group\":\"g\",\"ackId\":7,\"noEcho\":true,\"dataType\":\"text\",\"data\":\"hi\"}"))
        .isEqualTo(new SendToGroup("g", OptionalLong.of(7), true, Payload.text("hi")));
    assertThat(decode("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"binary\",\"data\":\"AAEC\"}"))
        .isEqualTo(new SendToGroup("g", OptionalLong.empty(), false, Payload.binary(new byte[] {0, 1, 2})));
    assertThat(decode("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"protobuf\",\"data\":\"AAEC\"}"))
        .isEqualTo(new SendToGroup("g", OptionalLong.empty(), false, Payload.protobuf(new byte[] {0, 1, 2})));
  }

  @Test
  void eventSequenceAckAndPing() throws Exception {
    assertThat(decode("{\"type\":\"event\",\"event\":\"chat.message\",\"ackId\":3,\"dataType\":\"text\",\"data\":\"x\"}"))
        .isEqualTo(new Event("chat.message", OptionalLong.of(3), Payload.text("x")));
    assertThat(decode("{\"type\":\"sequenceAck\",\"sequenceId\":18446744073709551615}")).isEqualTo(new SequenceAck(-1L));
    assertThat(decode("{\"type\":\"ping\"}")).isEqualTo(new Ping());
  }

  @Test
  void newerMessageTypesAreUnsupportedWithTheirAckId() throws Exception {
    ClientMessage m = decode("{\"type\":\"invoke\",\"invocationId\":\"1\",\"ackId\":9}");
    assertThat(m).isInstanceOf(Unsupported.class);
    assertThat(m.ackId()).hasValue(9);
    assertThat(((Unsupported) m).message()).contains("invoke").contains("not supported");
  }

  @Test
  void notJsonAtAllIsMalformed() {
    assertThat(failure("hello").kind()).isEqualTo(ClientMessageException.Kind.MALFORMED);
    assertThat(failure("{\"type\":\"ping\"} trailing").kind()).isEqualTo(ClientMessageException.Kind.MALFORMED);
    assertThat(failure("").kind()).isEqualTo(ClientMessageException.Kind.MALFORMED);
  }

  @Test
  void aBinaryFrameIsMalformedEvenWhenItHoldsJson() {
    ClientMessageException e = org.junit.jupiter.api.Assertions.assertThrows(ClientMessageException.class,
        () -> json.decode("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false));
    assertThat(e.kind()).isEqualTo(ClientMessageException.Kind.MALFORMED);
    assertThat(e.getMessage()).contains("text frames");
  }

  @Test
  void aNumberNoDecimalCanHoldIsMalformedNotACrash() {
    // Found by CodecFuzzTest: Jackson throws NumberFormatException for this exponent.
    assertThat(failure("{\"type\":\"ping\",\"x\":1e40018446744073709551616}").kind()).isEqualTo(ClientMessageException.Kind.MALFORMED);
    assertThat(json.encode(new ServerMessage.ServerData(Payload.json("1e40018446744073709551616"), 0)).text())
        .contains("\"dataType\":\"text\"");
  }

  @Test
  void badFieldsWithAnAckIdBecomeABadRequestAck() {
    ClientMessageException e = failure("{\"type\":\"joinGroup\",\"ackId\":5}");
    assertThat(e.kind()).isEqualTo(ClientMessageException.Kind.BAD_REQUEST);
    assertThat(e.toAck()).contains(Ack.failure(5, AckErrorName.BAD_REQUEST, e.getMessage()));
    assertThat(e.getMessage()).contains("group");
  }

  @Test
  void eachBadFieldIsNamed() {
    assertThat(failure("[1]").getMessage()).contains("JSON object");
    assertThat(failure("{\"ackId\":1}").getMessage()).contains("'type'");
    assertThat(failure("{\"type\":\"nope\",\"ackId\":1}").getMessage()).contains("unknown message type 'nope'");
    assertThat(failure("{\"type\":\"joinGroup\",\"group\":\"  \"}").getMessage()).contains("whitespace");
    assertThat(failure("{\"type\":\"joinGroup\",\"group\":\"" + "g".repeat(1025) + "\"}").getMessage()).contains("1024");
    assertThat(failure("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"xml\",\"data\":1}").getMessage()).contains("dataType");
    assertThat(failure("{\"type\":\"sendToGroup\",\"group\":\"g\"}").getMessage()).contains("'data'");
    assertThat(failure("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"binary\",\"data\":\"@@\"}").getMessage()).contains("base64");
    assertThat(failure("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"text\",\"data\":1}").getMessage()).contains("string");
    assertThat(failure("{\"type\":\"sendToGroup\",\"group\":\"g\",\"noEcho\":\"yes\",\"data\":1}").getMessage()).contains("noEcho");
    assertThat(failure("{\"type\":\"event\",\"event\":\"1bad\",\"data\":1}").getMessage()).contains("'event'");
    assertThat(failure("{\"type\":\"sequenceAck\"}").getMessage()).contains("sequenceId");
    ClientMessageException badAck = failure("{\"type\":\"ping\",\"ackId\":-1}");
    assertThat(badAck.getMessage()).contains("ackId");
    assertThat(badAck.ackId()).isEmpty();
    assertThat(failure("{\"type\":\"ping\",\"ackId\":18446744073709551616}").getMessage()).contains("2^64-1");
  }

  @Test
  void connectedCarriesTheReconnectionTokenOnlyOnReliable() {
    ServerMessage.Connected c = new ServerMessage.Connected("c1", "u1", "tok");
    assertThat(json.encode(c).text()).isEqualTo("{\"type\":\"system\",\"event\":\"connected\",\"userId\":\"u1\",\"connectionId\":\"c1\"}");
    assertThat(reliable.encode(c).text())
        .isEqualTo("{\"type\":\"system\",\"event\":\"connected\",\"userId\":\"u1\",\"connectionId\":\"c1\",\"reconnectionToken\":\"tok\"}");
    assertThat(json.encode(new ServerMessage.Connected("c1", null, null)).text())
        .isEqualTo("{\"type\":\"system\",\"event\":\"connected\",\"connectionId\":\"c1\"}");
    assertThat(json.encode(c).isText()).isTrue();
  }

  @Test
  void disconnectedAckAndPong() {
    assertThat(json.encode(new ServerMessage.Disconnected("bye")).text())
        .isEqualTo("{\"type\":\"system\",\"event\":\"disconnected\",\"message\":\"bye\"}");
    assertThat(json.encode(Ack.success(1)).text()).isEqualTo("{\"type\":\"ack\",\"ackId\":1,\"success\":true}");
    assertThat(json.encode(Ack.failure(-1L, AckErrorName.DUPLICATE, "again")).text())
        .isEqualTo("{\"type\":\"ack\",\"ackId\":18446744073709551615,\"success\":false,\"error\":{\"name\":\"Duplicate\",\"message\":\"again\"}}");
    assertThat(json.encode(new ServerMessage.Pong()).text()).isEqualTo("{\"type\":\"pong\"}");
  }

  @Test
  void groupAndServerMessagesInEveryDataType() {
    assertThat(reliable.encode(new ServerMessage.GroupMessage("g", Payload.json("{\"a\": 1}"), "u", 4)).text())
        .isEqualTo("{\"type\":\"message\",\"from\":\"group\",\"fromUserId\":\"u\",\"group\":\"g\",\"dataType\":\"json\",\"data\":{\"a\":1},\"sequenceId\":4}");
    assertThat(json.encode(new ServerMessage.GroupMessage("g", Payload.text("t"), null, 0)).text())
        .isEqualTo("{\"type\":\"message\",\"from\":\"group\",\"group\":\"g\",\"dataType\":\"text\",\"data\":\"t\"}");
    assertThat(json.encode(new ServerMessage.ServerData(Payload.binary(new byte[] {0, 1, 2}), 0)).text())
        .isEqualTo("{\"type\":\"message\",\"from\":\"server\",\"dataType\":\"binary\",\"data\":\"AAEC\"}");
  }

  @Test
  void protobufPayloadReachesJsonClientsAsBase64ProtobufDataType() {
    assertThat(json.encode(new ServerMessage.ServerData(Payload.protobuf(new byte[] {10, 1, 120}), 2)).text())
        .isEqualTo("{\"type\":\"message\",\"from\":\"server\",\"dataType\":\"protobuf\",\"data\":\"CgF4\",\"sequenceId\":2}");
  }

  @Test
  void aJsonPayloadThatIsNotJsonGoesOutAsTextRatherThanBreakingTheFrame() {
    assertThat(json.encode(new ServerMessage.ServerData(Payload.json("{not json"), 0)).text())
        .isEqualTo("{\"type\":\"message\",\"from\":\"server\",\"dataType\":\"text\",\"data\":\"{not json\"}");
  }

  @Test
  void decodedJsonDataRoundTripsThroughEncode() throws Exception {
    SendToGroup m = (SendToGroup) decode("{\"type\":\"sendToGroup\",\"group\":\"g\",\"data\":\"just a string\"}");
    assertThat(json.encode(new ServerMessage.GroupMessage("g", m.data(), null, 0)).text())
        .isEqualTo("{\"type\":\"message\",\"from\":\"group\",\"group\":\"g\",\"dataType\":\"json\",\"data\":\"just a string\"}");
  }
}
