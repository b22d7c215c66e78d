package dev.switchboard.hub.server.protocol;

import dev.switchboard.hub.DataType;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code json.webpubsub.azure.v1} and {@code json.reliable.webpubsub.azure.v1} (spec §3.2, §3.3).
 * Stateless and thread-safe.
 */
final class JsonCodec implements ClientCodec {

  /** Group names: 1–1024 characters, not all whitespace (spec §1.1). */
  static final int MAX_GROUP_CHARS = 1024;

  /** Event names (emulator rule, spec §3.2). */
  static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

  private static final Set<String> NEWER_TYPES = Set.of("invoke", "cancelInvocation", "streamData",
      "streamEnd", "setGroupState", "subscribeGroupState", "unsubscribeGroupState");

  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private final Subprotocol subprotocol;

  JsonCodec(Subprotocol subprotocol) {
    if (subprotocol.isProtobuf()) {
      throw new IllegalArgumentException("not a JSON subprotocol: " + subprotocol);
    }
    this.subprotocol = subprotocol;
  }

  @Override
  public Subprotocol subprotocol() {
    return subprotocol;
  }

  @Override
  public ClientMessage decode(byte[] frame, boolean isText) throws ClientMessageException {
    if (!isText) {
      throw ClientMessageException.malformed("the " + subprotocol.wireName()
          + " subprotocol takes text frames; got a binary frame");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(frame);
    } catch (IOException e) {
      throw ClientMessageException.malformed("the frame is not JSON: " + shortReason(e));
    } catch (NumberFormatException | ArithmeticException e) { // e.g. 1e400000000: JSON, but no number
      throw ClientMessageException.malformed("the frame has a number out of range: " + shortReason(e));
    }
    if (root == null || root.isMissingNode()) {
      throw ClientMessageException.malformed("the frame is empty; expected a JSON object");
    }
    if (!root.isObject()) {
      throw ClientMessageException.badRequest(OptionalLong.empty(),
          "expected a JSON object with a 'type' field, got a JSON " + root.getNodeType().name().toLowerCase());
    }
    OptionalLong ackId = OptionalLong.empty();
    if (root.has("ackId")) {
      ackId = OptionalLong.of(uint64(root.get("ackId"), "ackId", OptionalLong.empty()));
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      throw ClientMessageException.badRequest(ackId, "the message has no string field 'type'");
    }
    String t = type.textValue();
    switch (t) {
      case "joinGroup":
        return new ClientMessage.JoinGroup(group(root, ackId), ackId);
      case "leaveGroup":
        return new ClientMessage.LeaveGroup(group(root, ackId), ackId);
      case "sendToGroup": {
        String group = group(root, ackId);
        boolean noEcho = false;
        JsonNode ne = root.get("noEcho");
        if (ne != null && !ne.isNull()) {
          if (!ne.isBoolean()) {
            throw ClientMessageException.badRequest(ackId, "'noEcho' must be true or false");
          }
          noEcho = ne.booleanValue();
        }
        return new ClientMessage.SendToGroup(group, ackId, noEcho, payload(root, ackId));
      }
      case "event": {
        JsonNode ev = root.get("event");
        if (ev == null || !ev.isTextual() || !EVENT_NAME.matcher(ev.textValue()).matches()) {
          throw ClientMessageException.badRequest(ackId,
              "'event' must be a name matching " + EVENT_NAME.pattern() + " (a letter, then up to 127 letters, digits, _ . -)");
        }
        return new ClientMessage.Event(ev.textValue(), ackId, payload(root, ackId));
      }
      case "sequenceAck": {
        JsonNode seq = root.get("sequenceId");
        if (seq == null) {
          throw ClientMessageException.badRequest(ackId, "sequenceAck needs 'sequenceId'");
        }
        return new ClientMessage.SequenceAck(uint64(seq, "sequenceId", ackId));
      }
      case "ping":
        return new ClientMessage.Ping();
      default:
        if (NEWER_TYPES.contains(t)) {
          return new ClientMessage.Unsupported(t, ackId, "message type '" + t + "' is not supported by this service");
        }
        throw ClientMessageException.badRequest(ackId, "unknown message type '" + abbreviate(t) + "'");
    }
  }

  private static String group(JsonNode root, OptionalLong ackId) throws ClientMessageException {
    JsonNode g = root.get("group");
    if (g == null || !g.isTextual()) {
      throw ClientMessageException.badRequest(ackId, "the message needs a string field 'group'");
    }
    return checkGroup(g.textValue(), ackId);
  }

  static String checkGroup(String group, OptionalLong ackId) throws ClientMessageException {
    if (group.isBlank() || group.length() > MAX_GROUP_CHARS) {
      throw ClientMessageException.badRequest(ackId,
          "'group' must be 1 to " + MAX_GROUP_CHARS + " characters and not all whitespace");
    }
    return group;
  }

  private static Payload payload(JsonNode root, OptionalLong ackId) throws ClientMessageException {
    DataType dataType = DataType.JSON;
    JsonNode dt = root.get("dataType");
    if (dt != null && !dt.isNull()) {
      if (!dt.isTextual() || DataType.of(dt.textValue()).isEmpty()) {
        throw ClientMessageException.badRequest(ackId, "'dataType' must be one of json, text, binary, protobuf");
      }
      dataType = DataType.of(dt.textValue()).get();
    }
    JsonNode data = root.get("data");
    if (data == null) {
      throw ClientMessageException.badRequest(ackId, "the message has no field 'data'");
    }
    switch (dataType) {
      case JSON:
        try {
          return new Payload(DataType.JSON, MAPPER.writeValueAsBytes(data));
        } catch (JsonProcessingException e) {
          throw ClientMessageException.badRequest(ackId, "'data' cannot be written as JSON: " + shortReason(e));
        }
      case TEXT:
        if (!data.isTextual()) {
          throw ClientMessageException.badRequest(ackId, "dataType text needs a string 'data'");
        }
        return Payload.text(data.textValue());
      default:
        if (!data.isTextual()) {
          throw ClientMessageException.badRequest(ackId, "dataType " + dataType.wireName() + " needs base64 string 'data'");
        }
        try {
          return new Payload(dataType, Base64.getDecoder().decode(data.textValue()));
        } catch (IllegalArgumentException e) {
          throw ClientMessageException.badRequest(ackId, "'data' is not valid base64: " + e.getMessage());
        }
    }
  }

  private static long uint64(JsonNode n, String field, OptionalLong ackId) throws ClientMessageException {
    if (n.isIntegralNumber()) {
      BigInteger v = n.bigIntegerValue();
      if (v.signum() >= 0 && v.compareTo(UINT64_MAX) <= 0) {
        return v.longValue();
      }
    }
    throw ClientMessageException.badRequest(ackId, "'" + field + "' must be an integer from 0 to 2^64-1");
  }

  private static String shortReason(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return abbreviate(nl < 0 ? m : m.substring(0, nl));
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  // ---------------------------------------------------------------------------------------- encode

  @Override
  public WireFrame encode(ServerMessage message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      if (message instanceof ServerMessage.Connected c) {
        g.writeStringField("type", "system");
        g.writeStringField("event", "connected");
        if (c.userId() != null) {
          g.writeStringField("userId", c.userId());
        }
        g.writeStringField("connectionId", c.connectionId());
        if (subprotocol.isReliable() && c.reconnectionToken() != null) {
          g.writeStringField("reconnectionToken", c.reconnectionToken());
        }
      } else if (message instanceof ServerMessage.Disconnected d) {
        g.writeStringField("type", "system");
        g.writeStringField("event", "disconnected");
        g.writeStringField("message", d.reason());
      } else if (message instanceof ServerMessage.Ack a) {
        g.writeStringField("type", "ack");
        g.writeFieldName("ackId");
        writeUint64(g, a.ackId());
        g.writeBooleanField("success", a.isSuccess());
        if (!a.isSuccess()) {
          g.writeObjectFieldStart("error");
          g.writeStringField("name", a.error().name().wireName());
          g.writeStringField("message", a.error().message());
          g.writeEndObject();
        }
      } else if (message instanceof ServerMessage.GroupMessage m) {
        g.writeStringField("type", "message");
        g.writeStringField("from", "group");
        if (m.fromUserId() != null) {
          g.writeStringField("fromUserId", m.fromUserId());
        }
        g.writeStringField("group", m.group());
        writeData(g, m.data());
        writeSequenceId(g, m.sequenceId());
      } else if (message instanceof ServerMessage.ServerData m) {
        g.writeStringField("type", "message");
        g.writeStringField("from", "server");
        writeData(g, m.data());
        writeSequenceId(g, m.sequenceId());
      } else if (message instanceof ServerMessage.Pong) {
        g.writeStringField("type", "pong");
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return new WireFrame(true, out.toByteArray());
  }

  private static void writeSequenceId(JsonGenerator g, long sequenceId) throws IOException {
    if (sequenceId != 0) {
      g.writeFieldName("sequenceId");
      writeUint64(g, sequenceId);
    }
  }

  private static void writeUint64(JsonGenerator g, long v) throws IOException {
    if (v >= 0) {
      g.writeNumber(v);
    } else {
      g.writeNumber(new BigInteger(Long.toUnsignedString(v)));
    }
  }

  /**
   * Writes {@code dataType} and {@code data}. A JSON payload goes inline; if its bytes are not one
   * valid JSON value it is sent as {@code text} instead, so a bad producer never yields bad JSON.
   */
  private static void writeData(JsonGenerator g, Payload p) throws IOException {
    switch (p.dataType()) {
      case JSON -> {
        JsonNode value;
        try {
          value = MAPPER.readTree(p.data());
        } catch (IOException | NumberFormatException | ArithmeticException e) {
          value = null;
        }
        if (value == null || value.isMissingNode()) {
          g.writeStringField("dataType", "text");
          g.writeStringField("data", p.asText());
        } else {
          g.writeStringField("dataType", "json");
          g.writeFieldName("data");
          g.writeTree(value);
        }
      }
      case TEXT -> {
        g.writeStringField("dataType", "text");
        g.writeStringField("data", p.asText());
      }
      case BINARY, PROTOBUF -> {
        g.writeStringField("dataType", p.dataType().wireName());
        g.writeStringField("data", Base64.getEncoder().encodeToString(p.data()));
      }
    }
  }
}
