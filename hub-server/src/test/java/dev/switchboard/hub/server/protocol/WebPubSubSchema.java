package dev.switchboard.hub.server.protocol;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * The Azure Web PubSub protobuf schema of spec §3.7, built at test time with protobuf-java's
 * descriptors so that {@link com.google.protobuf.DynamicMessage} can act as an independent encoder
 * and decoder. proto3, with proto3 {@code optional} fields as Azure declares them.
 */
final class WebPubSubSchema {

  static final FileDescriptor FILE = build();

  static Descriptor type(String name) {
    return FILE.findMessageTypeByName(name);
  }

  private WebPubSubSchema() {}

  private static FileDescriptor build() {
    FileDescriptorProto.Builder f = FileDescriptorProto.newBuilder()
        .setName("webpubsub_test.proto").setPackage("azure.webpubsub").setSyntax("proto3")
        .addDependency("google/protobuf/any.proto");

    f.addMessageType(new Msg("MessageData").oneof("data")
        .field("text_data", 1, Type.TYPE_STRING, 0)
        .field("binary_data", 2, Type.TYPE_BYTES, 0)
        .message("protobuf_data", 3, ".google.protobuf.Any", 0)
        .field("json_data", 4, Type.TYPE_STRING, 0).b);
    f.addMessageType(new Msg("SendToGroupMessage")
        .field("group", 1, Type.TYPE_STRING, -1)
        .optional("ack_id", 2, Type.TYPE_UINT64)
        .message("data", 3, ".azure.webpubsub.MessageData", -1)
        .optional("no_echo", 4, Type.TYPE_BOOL).b);
    f.addMessageType(new Msg("EventMessage")
        .field("event", 1, Type.TYPE_STRING, -1)
        .message("data", 2, ".azure.webpubsub.MessageData", -1)
        .optional("ack_id", 3, Type.TYPE_UINT64).b);
    for (String name : new String[] {"JoinGroupMessage", "LeaveGroupMessage"}) {
      f.addMessageType(new Msg(name).field("group", 1, Type.TYPE_STRING, -1).optional("ack_id", 2, Type.TYPE_UINT64).b);
    }
    f.addMessageType(new Msg("SequenceAckMessage").field("sequence_id", 1, Type.TYPE_UINT64, -1).b);
    f.addMessageType(new Msg("UpstreamMessage").oneof("message")
        .message("send_to_group_message", 1, ".azure.webpubsub.SendToGroupMessage", 0)
        .message("event_message", 5, ".azure.webpubsub.EventMessage", 0)
        .message("join_group_message", 6, ".azure.webpubsub.JoinGroupMessage", 0)
        .message("leave_group_message", 7, ".azure.webpubsub.LeaveGroupMessage", 0)
        .message("sequence_ack_message", 8, ".azure.webpubsub.SequenceAckMessage", 0).b);

    f.addMessageType(new Msg("ErrorMessage").field("name", 1, Type.TYPE_STRING, -1).field("message", 2, Type.TYPE_STRING, -1).b);
    f.addMessageType(new Msg("AckMessage")
        .field("ack_id", 1, Type.TYPE_UINT64, -1)
        .field("success", 2, Type.TYPE_BOOL, -1)
        .optionalMessage("error", 3, ".azure.webpubsub.ErrorMessage").b);
    f.addMessageType(new Msg("DataMessage")
        .field("from", 1, Type.TYPE_STRING, -1)
        .optional("group", 2, Type.TYPE_STRING)
        .message("data", 3, ".azure.webpubsub.MessageData", -1)
        .optional("sequence_id", 4, Type.TYPE_UINT64).b);
    f.addMessageType(new Msg("ConnectedMessage")
        .field("connection_id", 1, Type.TYPE_STRING, -1)
        .field("user_id", 2, Type.TYPE_STRING, -1)
        .field("reconnection_token", 3, Type.TYPE_STRING, -1).b);
    f.addMessageType(new Msg("DisconnectedMessage").field("reason", 2, Type.TYPE_STRING, -1).b);
    f.addMessageType(new Msg("SystemMessage").oneof("message")
        .message("connected_message", 1, ".azure.webpubsub.ConnectedMessage", 0)
        .message("disconnected_message", 2, ".azure.webpubsub.DisconnectedMessage", 0).b);
    f.addMessageType(new Msg("DownstreamMessage").oneof("message")
        .message("ack_message", 1, ".azure.webpubsub.AckMessage", 0)
        .message("data_message", 2, ".azure.webpubsub.DataMessage", 0)
        .message("system_message", 3, ".azure.webpubsub.SystemMessage", 0).b);
    try {
      return FileDescriptor.buildFrom(f.build(), new FileDescriptor[] {AnyProto.getDescriptor()});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A message type under construction; proto3 optional fields get synthetic oneofs after the real ones. */
  private static final class Msg {
    final DescriptorProto.Builder b;

    Msg(String name) {
      b = DescriptorProto.newBuilder().setName(name);
    }

    Msg oneof(String name) {
      b.addOneofDecl(OneofDescriptorProto.newBuilder().setName(name));
      return this;
    }

    Msg field(String name, int number, Type type, int oneof) {
      FieldDescriptorProto.Builder fb = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
          .setType(type).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
      if (oneof >= 0) {
        fb.setOneofIndex(oneof);
      }
      b.addField(fb);
      return this;
    }

    Msg message(String name, int number, String typeName, int oneof) {
      FieldDescriptorProto.Builder fb = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
          .setType(Type.TYPE_MESSAGE).setTypeName(typeName).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
      if (oneof >= 0) {
        fb.setOneofIndex(oneof);
      }
      b.addField(fb);
      return this;
    }

    Msg optional(String name, int number, Type type) {
      int index = b.getOneofDeclCount();
      b.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + name));
      b.addField(FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
          .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setProto3Optional(true).setOneofIndex(index));
      return this;
    }

    Msg optionalMessage(String name, int number, String typeName) {
      int index = b.getOneofDeclCount();
      b.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + name));
      b.addField(FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_MESSAGE)
          .setTypeName(typeName).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setProto3Optional(true)
          .setOneofIndex(index));
      return this;
    }
  }
}
