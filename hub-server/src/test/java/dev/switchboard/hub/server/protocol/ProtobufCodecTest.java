package dev.switchboard.hub.server.protocol;

import dev.switchboard.hub.DataType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.StringValue;
import dev.switchboard.hub.server.protocol.ClientMessage.Event;
import dev.switchboard.hub.server.protocol.ClientMessage.JoinGroup;
import dev.switchboard.hub.server.protocol.ClientMessage.LeaveGroup;
import dev.switchboard.hub.server.protocol.ClientMessage.SendToGroup;
import dev.switchboard.hub.server.protocol.ClientMessage.SequenceAck;
import dev.switchboard.hub.server.protocol.ServerMessage.Ack;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Spec §3.7, proven against an independent encoder: protobuf-java's {@link DynamicMessage} over
 * the schema built in {@link WebPubSubSchema}.
 */
class ProtobufCodecTest {

  private final ClientCodec proto = ClientCodec.of(Subprotocol.PROTOBUF);
  private final ClientCodec reliable = ClientCodec.of(Subprotocol.PROTOBUF_RELIABLE);

  static DynamicMessage msg(String type, Object... kv) {
    Descriptor d = WebPubSubSchema.type(type);
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    for (int i = 0; i < kv.length; i += 2) {
      b.setField(d.findFieldByName((String) kv[i]), kv[i + 1]);
    }
    return b.build();
  }

  static DynamicMessage parse(String type, byte[] bytes) throws Exception {
    return DynamicMessage.parseFrom(WebPubSubSchema.type(type), bytes);
  }

  private ClientMessage decode(DynamicMessage upstream) throws ClientMessageException {
    return proto.decode(upstream.toByteArray(), false);
  }

  static byte[] anyBytes() {
    return Any.pack(StringValue.of("hello")).toByteArray();
  }

  @Test
  void joinAndLeaveGroup() throws Exception {
    assertThat(decode(msg("UpstreamMessage", "join_group_message", msg("JoinGroupMessage", "group", "g", "ack_id", 5L))))
        .isEqualTo(new JoinGroup("g", OptionalLong.of(5)));
    assertThat(decode(msg("UpstreamMessage", "leave_group_message", msg("LeaveGroupMessage", "group", "g"))))
        .isEqualTo(new LeaveGroup("g", OptionalLong.empty()));
  }

  @Test
  void optionalAckIdZeroIsPresentNotAbsent() throws Exception {
    assertThat(decode(msg("UpstreamMessage", "join_group_message", msg("JoinGroupMessage", "group", "g", "ack_id", 0L))).ackId())
        .hasValue(0);
  }

  @Test
  void sendToGroupWithEachKindOfData() throws Exception {
    byte[] any = anyBytes();
    Object[][] cases = {
        {msg("MessageData", "text_data", "hi"), Payload.text("hi")},
        {msg("MessageData", "binary_data", ByteString.copyFrom(new byte[] {1, 2})), Payload.binary(new byte[] {1, 2})},
        {msg("MessageData", "protobuf_data", Any.pack(StringValue.of("hello"))), Payload.protobuf(any)},
        {msg("MessageData", "json_data", "{\"a\":1}"), Payload.json("{\"a\":1}")},
    };
    for (Object[] c : cases) {
      assertThat(decode(msg("UpstreamMessage", "send_to_group_message",
          msg("SendToGroupMessage", "group", "g", "ack_id", 1L, "data", c[0], "no_echo", true))))
          .isEqualTo(new SendToGroup("g", OptionalLong.of(1), true, (Payload) c[1]));
    }
  }

  @Test
  void eventAndSequenceAck() throws Exception {
    assertThat(decode(msg("UpstreamMessage", "event_message",
        msg("EventMessage", "event", "ev", "data", msg("MessageData", "text_data", "x"), "ack_id", 2L))))
        .isEqualTo(new Event("ev", OptionalLong.of(2), Payload.text("x")));
    assertThat(decode(msg("UpstreamMessage", "sequence_ack_message", msg("SequenceAckMessage", "sequence_id", -2L))))
        .isEqualTo(new SequenceAck(-2L));
  }

  @Test
  void badRequestsKeepTheirAckIdAndGarbageIsMalformed() {
    assertThatThrownBy(() -> decode(msg("UpstreamMessage", "join_group_message", msg("JoinGroupMessage", "ack_id", 4L))))
        .isInstanceOfSatisfying(ClientMessageException.class, e -> {
          assertThat(e.kind()).isEqualTo(ClientMessageException.Kind.BAD_REQUEST);
          assertThat(e.ackId()).hasValue(4);
        });
    assertThatThrownBy(() -> decode(msg("UpstreamMessage", "send_to_group_message", msg("SendToGroupMessage", "group", "g", "ack_id", 4L))))
        .hasMessageContaining("'data'");
    assertThatThrownBy(() -> decode(msg("UpstreamMessage")))
        .hasMessageContaining("none of its message fields");
    assertThatThrownBy(() -> proto.decode(new byte[] {0x0a, 0x05, 1}, false))
        .isInstanceOfSatisfying(ClientMessageException.class, e -> assertThat(e.kind()).isEqualTo(ClientMessageException.Kind.MALFORMED));
    assertThatThrownBy(() -> proto.decode(new byte[] {1}, true)).hasMessageContaining("text frame");
  }

  @Test
  void ackEncodesCanonicallyAndParsesIndependently() throws Exception {
    byte[] ok = proto.encode(Ack.success(7)).bytes();
    assertThat(ok).isEqualTo(msg("DownstreamMessage", "ack_message", msg("AckMessage", "ack_id", 7L, "success", true)).toByteArray());
    byte[] failed = proto.encode(Ack.failure(8, AckErrorName.FORBIDDEN, "no")).bytes();
    assertThat(failed).isEqualTo(msg("DownstreamMessage", "ack_message",
        msg("AckMessage", "ack_id", 8L, "error", msg("ErrorMessage", "name", "Forbidden", "message", "no"))).toByteArray());
    assertThat(proto.encode(Ack.success(7)).isText()).isFalse();
  }

  @Test
  void dataMessagesMapEveryPayloadKind() throws Exception {
    assertThat(reliable.encode(new ServerMessage.GroupMessage("g", Payload.text("t"), "u", 3)).bytes())
        .isEqualTo(msg("DownstreamMessage", "data_message", msg("DataMessage", "from", "group", "group", "g",
            "data", msg("MessageData", "text_data", "t"), "sequence_id", 3L)).toByteArray());
    // JSON reaches protobuf clients as text_data (spec §3.7).
    assertThat(proto.encode(new ServerMessage.ServerData(Payload.json("{\"a\":1}"), 0)).bytes())
        .isEqualTo(msg("DownstreamMessage", "data_message", msg("DataMessage", "from", "server",
            "data", msg("MessageData", "text_data", "{\"a\":1}"))).toByteArray());
    assertThat(proto.encode(new ServerMessage.ServerData(Payload.binary(new byte[] {9}), 0)).bytes())
        .isEqualTo(msg("DownstreamMessage", "data_message", msg("DataMessage", "from", "server",
            "data", msg("MessageData", "binary_data", ByteString.copyFrom(new byte[] {9})))).toByteArray());
    DynamicMessage parsed = parse("DownstreamMessage", proto.encode(new ServerMessage.ServerData(Payload.protobuf(anyBytes()), 0)).bytes());
    DynamicMessage data = (DynamicMessage) ((DynamicMessage) parsed.getField(fieldOf(parsed, "data_message"))).getField(
        WebPubSubSchema.type("DataMessage").findFieldByName("data"));
    Object any = data.getField(WebPubSubSchema.type("MessageData").findFieldByName("protobuf_data"));
    assertThat(Any.parseFrom(((DynamicMessage) any).toByteArray()).unpack(StringValue.class).getValue()).isEqualTo("hello");
  }

  @Test
  void systemMessagesAndTheReconnectionTokenOnlyOnReliable() throws Exception {
    ServerMessage.Connected c = new ServerMessage.Connected("c", "u", "tok");
    assertThat(reliable.encode(c).bytes()).isEqualTo(msg("DownstreamMessage", "system_message", msg("SystemMessage",
        "connected_message", msg("ConnectedMessage", "connection_id", "c", "user_id", "u", "reconnection_token", "tok"))).toByteArray());
    assertThat(proto.encode(c).bytes()).isEqualTo(msg("DownstreamMessage", "system_message", msg("SystemMessage",
        "connected_message", msg("ConnectedMessage", "connection_id", "c", "user_id", "u"))).toByteArray());
    assertThat(proto.encode(new ServerMessage.Disconnected("bye")).bytes()).isEqualTo(msg("DownstreamMessage", "system_message",
        msg("SystemMessage", "disconnected_message", msg("DisconnectedMessage", "reason", "bye"))).toByteArray());
  }

  private static com.google.protobuf.Descriptors.FieldDescriptor fieldOf(DynamicMessage m, String name) {
    return m.getDescriptorForType().findFieldByName(name);
  }

  // ------------------------------------------------------------------------- properties, both ways

  @Property(tries = 300)
  void anySendToGroupEncodedByDynamicMessageDecodesToTheSameFields(
      @ForAll("groups") String group, @ForAll("ackIds") OptionalLong ackId, @ForAll boolean noEcho, @ForAll("payloads") Payload data)
      throws Exception {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(WebPubSubSchema.type("SendToGroupMessage"));
    Descriptor d = WebPubSubSchema.type("SendToGroupMessage");
    b.setField(d.findFieldByName("group"), group);
    ackId.ifPresent(a -> b.setField(d.findFieldByName("ack_id"), a));
    if (noEcho) {
      b.setField(d.findFieldByName("no_echo"), true);
    }
    b.setField(d.findFieldByName("data"), messageData(data));
    assertThat(decode(msg("UpstreamMessage", "send_to_group_message", b.build())))
        .isEqualTo(new SendToGroup(group, ackId, noEcho, data));
  }

  @Property(tries = 300)
  void anyGroupMessageWeEncodeParsesIndependentlyAndReserializesIdentically(
      @ForAll("groups") String group, @ForAll("payloads") Payload data, @ForAll("sequenceIds") long sequenceId) throws Exception {
    byte[] ours = reliable.encode(new ServerMessage.GroupMessage(group, data, null, sequenceId)).bytes();
    DynamicMessage parsed = parse("DownstreamMessage", ours);
    assertThat(parsed.toByteArray()).isEqualTo(ours);
    DynamicMessage.Builder expected = DynamicMessage.newBuilder(WebPubSubSchema.type("DataMessage"));
    Descriptor d = WebPubSubSchema.type("DataMessage");
    expected.setField(d.findFieldByName("from"), "group").setField(d.findFieldByName("group"), group)
        .setField(d.findFieldByName("data"), messageData(data.dataType() == DataType.JSON ? Payload.text(data.asText()) : data));
    if (sequenceId != 0) {
      expected.setField(d.findFieldByName("sequence_id"), sequenceId);
    }
    assertThat(parsed).isEqualTo(msg("DownstreamMessage", "data_message", expected.build()));
  }

  static DynamicMessage messageData(Payload p) throws Exception {
    return switch (p.dataType()) {
      case TEXT -> msg("MessageData", "text_data", p.asText());
      case JSON -> msg("MessageData", "json_data", p.asText());
      case BINARY -> msg("MessageData", "binary_data", ByteString.copyFrom(p.data()));
      case PROTOBUF -> msg("MessageData", "protobuf_data",
          DynamicMessage.parseFrom(Any.getDescriptor(), p.data()));
    };
  }

  @Provide
  Arbitrary<String> groups() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank())
        .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE));
  }

  @Provide
  Arbitrary<OptionalLong> ackIds() {
    return Arbitraries.longs().injectDuplicates(0.1).map(OptionalLong::of).injectNull(0.3)
        .map(o -> o == null ? OptionalLong.empty() : o);
  }

  @Provide
  Arbitrary<Long> sequenceIds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<Payload> payloads() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(50)
        .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(50);
    Arbitrary<Payload> any = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(20), bytes)
        .as((url, value) -> Payload.protobuf(Any.newBuilder().setTypeUrl(url).setValue(ByteString.copyFrom(value)).build().toByteArray()));
    return Arbitraries.oneOf(text.map(Payload::text), text.map(Payload::json), bytes.map(Payload::binary), any);
  }
}
