package dev.switchboard.hub.server.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * {@code protobuf.webpubsub.azure.v1} and its reliable variant (spec §3.7), written by hand on
 * protobuf-java's {@link CodedInputStream}/{@link CodedOutputStream}; field numbers are the wire
 * contract. Encoding is canonical proto3: fields without presence are left out when they hold
 * their default value. Stateless and thread-safe.
 */
final class ProtobufCodec implements ClientCodec {

  // UpstreamMessage
  private static final int SEND_TO_GROUP = 1;
  private static final int EVENT = 5;
  private static final int JOIN_GROUP = 6;
  private static final int LEAVE_GROUP = 7;
  private static final int SEQUENCE_ACK = 8;
  // DownstreamMessage
  private static final int ACK_MESSAGE = 1;
  private static final int DATA_MESSAGE = 2;
  private static final int SYSTEM_MESSAGE = 3;
  // MessageData
  private static final int TEXT_DATA = 1;
  private static final int BINARY_DATA = 2;
  private static final int PROTOBUF_DATA = 3;
  private static final int JSON_DATA = 4;

  private final Subprotocol subprotocol;

  private static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  ProtobufCodec(Subprotocol subprotocol) {
    if (!subprotocol.isProtobuf()) {
      throw new IllegalArgumentException("not a protobuf subprotocol: " + subprotocol);
    }
    this.subprotocol = subprotocol;
  }

  @Override
  public Subprotocol subprotocol() {
    return subprotocol;
  }

  @Override
  public ClientMessage decode(byte[] frame, boolean isText) throws ClientMessageException {
    if (isText) {
      throw ClientMessageException.malformed("protobuf subprotocols take binary frames, got a text frame");
    }
    int kind = 0;
    byte[] body = null;
    try {
      CodedInputStream in = CodedInputStream.newInstance(frame);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        boolean known = field == SEND_TO_GROUP || field == EVENT || field == JOIN_GROUP
            || field == LEAVE_GROUP || field == SEQUENCE_ACK;
        if (known && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          kind = field; // oneof: the last one wins
          body = in.readByteArray();
        } else {
          in.skipField(tag);
        }
      }
      if (kind == 0) {
        throw ClientMessageException.badRequest(OptionalLong.empty(), "the UpstreamMessage sets none of its message fields");
      }
      return switch (kind) {
        case SEND_TO_GROUP -> sendToGroup(body);
        case EVENT -> event(body);
        case JOIN_GROUP, LEAVE_GROUP -> joinOrLeave(kind, body);
        default -> sequenceAck(body);
      };
    } catch (InvalidProtocolBufferException e) {
      throw ClientMessageException.malformed("the frame is not a valid protobuf UpstreamMessage: " + e.getMessage());
    } catch (IOException e) {
      throw ClientMessageException.malformed("the frame cannot be read: " + e.getMessage());
    }
  }

  private static ClientMessage joinOrLeave(int kind, byte[] body) throws IOException, ClientMessageException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    String group = "";
    OptionalLong ackId = OptionalLong.empty();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        group = in.readStringRequireUtf8();
      } else if (tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
        ackId = OptionalLong.of(in.readUInt64());
      } else {
        in.skipField(tag);
      }
    }
    JsonCodec.checkGroup(group, ackId);
    return kind == JOIN_GROUP ? new ClientMessage.JoinGroup(group, ackId) : new ClientMessage.LeaveGroup(group, ackId);
  }

  private static ClientMessage sendToGroup(byte[] body) throws IOException, ClientMessageException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    String group = "";
    OptionalLong ackId = OptionalLong.empty();
    byte[] data = null;
    boolean noEcho = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        group = in.readStringRequireUtf8();
      } else if (tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
        ackId = OptionalLong.of(in.readUInt64());
      } else if (tag == tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        data = in.readByteArray();
      } else if (tag == tag(4, WireFormat.WIRETYPE_VARINT)) {
        noEcho = in.readBool();
      } else {
        in.skipField(tag);
      }
    }
    JsonCodec.checkGroup(group, ackId);
    return new ClientMessage.SendToGroup(group, ackId, noEcho, messageData(data, ackId));
  }

  private static ClientMessage event(byte[] body) throws IOException, ClientMessageException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    String event = "";
    OptionalLong ackId = OptionalLong.empty();
    byte[] data = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        event = in.readStringRequireUtf8();
      } else if (tag == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        data = in.readByteArray();
      } else if (tag == tag(3, WireFormat.WIRETYPE_VARINT)) {
        ackId = OptionalLong.of(in.readUInt64());
      } else {
        in.skipField(tag);
      }
    }
    if (!JsonCodec.EVENT_NAME.matcher(event).matches()) {
      throw ClientMessageException.badRequest(ackId,
          "'event' must be a name matching " + JsonCodec.EVENT_NAME.pattern());
    }
    return new ClientMessage.Event(event, ackId, messageData(data, ackId));
  }

  private static ClientMessage sequenceAck(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    long sequenceId = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
        sequenceId = in.readUInt64();
      } else {
        in.skipField(tag);
      }
    }
    return new ClientMessage.SequenceAck(sequenceId);
  }

  /** MessageData: a oneof of text_data, binary_data, protobuf_data (Any) and json_data. */
  private static Payload messageData(byte[] body, OptionalLong ackId) throws IOException, ClientMessageException {
    if (body == null) {
      throw ClientMessageException.badRequest(ackId, "the message has no 'data'");
    }
    CodedInputStream in = CodedInputStream.newInstance(body);
    Payload payload = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED || field < 1 || field > 4) {
        in.skipField(tag);
        continue;
      }
      payload = switch (field) {
        case TEXT_DATA -> Payload.text(in.readStringRequireUtf8());
        case BINARY_DATA -> Payload.binary(in.readByteArray());
        case PROTOBUF_DATA -> Payload.protobuf(in.readByteArray());
        default -> Payload.json(in.readStringRequireUtf8());
      };
    }
    if (payload == null) {
      throw ClientMessageException.badRequest(ackId, "'data' sets none of text_data, binary_data, protobuf_data, json_data");
    }
    return payload;
  }

  // ---------------------------------------------------------------------------------------- encode

  @Override
  public WireFrame encode(ServerMessage message) {
    try {
      Writer down = new Writer();
      if (message instanceof ServerMessage.Ack a) {
        Writer ack = new Writer();
        ack.uint64(1, a.ackId());
        ack.bool(2, a.isSuccess());
        if (!a.isSuccess()) {
          Writer err = new Writer();
          err.string(1, a.error().name().wireName());
          err.string(2, a.error().message());
          ack.message(3, err);
        }
        down.message(ACK_MESSAGE, ack);
      } else if (message instanceof ServerMessage.GroupMessage m) {
        Writer data = new Writer();
        data.string(1, "group");
        data.out.writeString(2, m.group()); // optional: present even when empty
        data.message(3, messageData(m.data()));
        if (m.sequenceId() != 0) {
          data.out.writeUInt64(4, m.sequenceId());
        }
        down.message(DATA_MESSAGE, data);
      } else if (message instanceof ServerMessage.ServerData m) {
        Writer data = new Writer();
        data.string(1, "server");
        data.message(3, messageData(m.data()));
        if (m.sequenceId() != 0) {
          data.out.writeUInt64(4, m.sequenceId());
        }
        down.message(DATA_MESSAGE, data);
      } else if (message instanceof ServerMessage.Connected c) {
        Writer connected = new Writer();
        connected.string(1, c.connectionId());
        connected.string(2, c.userId());
        if (subprotocol.isReliable()) {
          connected.string(3, c.reconnectionToken());
        }
        Writer system = new Writer();
        system.message(1, connected);
        down.message(SYSTEM_MESSAGE, system);
      } else if (message instanceof ServerMessage.Disconnected d) {
        Writer disconnected = new Writer();
        disconnected.string(2, d.reason());
        Writer system = new Writer();
        system.message(2, disconnected);
        down.message(SYSTEM_MESSAGE, system);
      } else if (message instanceof ServerMessage.Pong) {
        // The protobuf schema has no pong; an empty DownstreamMessage keeps the socket busy.
        return new WireFrame(false, new byte[0]);
      }
      return new WireFrame(false, down.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("writing protobuf to memory failed", e);
    }
  }

  /** JSON payloads travel as text_data (spec §3.7); protobuf ones as the Any they are. */
  private static Writer messageData(Payload p) throws IOException {
    Writer w = new Writer();
    switch (p.dataType()) {
      case TEXT, JSON -> w.out.writeByteArray(TEXT_DATA, p.data());
      case BINARY -> w.out.writeByteArray(BINARY_DATA, p.data());
      case PROTOBUF -> w.out.writeByteArray(PROTOBUF_DATA, p.data());
    }
    return w;
  }

  /** A nested-message writer: fields are written to memory, then embedded length-delimited. */
  private static final class Writer {
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
    final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    void string(int field, String value) throws IOException {
      if (value != null && !value.isEmpty()) {
        out.writeByteArray(field, value.getBytes(StandardCharsets.UTF_8));
      }
    }

    void uint64(int field, long value) throws IOException {
      if (value != 0) {
        out.writeUInt64(field, value);
      }
    }

    void bool(int field, boolean value) throws IOException {
      if (value) {
        out.writeBool(field, true);
      }
    }

    void message(int field, Writer nested) throws IOException {
      out.writeByteArray(field, nested.bytes());
    }

    byte[] bytes() throws IOException {
      out.flush();
      return buffer.toByteArray();
    }
  }
}
