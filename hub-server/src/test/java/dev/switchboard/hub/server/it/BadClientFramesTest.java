package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client frames that break the subprotocol: each gets an error ack or the right close code, and
 * a well-behaved client of the same hub keeps being served (checked after every probe).
 */
class BadClientFramesTest {

  static final String JSON_V1 = "json.webpubsub.azure.v1";
  static final String PROTOBUF_V1 = "protobuf.webpubsub.azure.v1";
  static final int MAX_MESSAGE_BYTES = 4096;

  static RunningHub hub;
  static WebPubSubServiceClient sdk;
  WireClient bystander;
  int markers;

  @BeforeAll
  static void start() {
    hub = new RunningHub(RunningHub.config().withMaxMessageBytes(MAX_MESSAGE_BYTES));
    sdk = hub.sdk("frames");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @BeforeEach
  void connectBystander() throws Exception {
    bystander = WireClient.connect(hub.ws, url("bystander"), JSON_V1);
    bystander.json();
  }

  @AfterEach
  void bystanderIsStillServed() throws Exception {
    String marker = "still served " + (++markers);
    sdk.sendToUser("bystander", marker, WebPubSubContentType.TEXT_PLAIN);
    assertThat(bystander.json(m -> m.has("data")).get("data").asText()).isEqualTo(marker);
    bystander.close();
  }

  private static String url(String user, String... roles) {
    GetClientAccessTokenOptions o = new GetClientAccessTokenOptions().setUserId(user);
    for (String r : roles) {
      o.addRole(r);
    }
    return sdk.getClientAccessToken(o).getUrl();
  }

  private static WireClient json(String user, String... roles) throws Exception {
    WireClient w = WireClient.connect(hub.ws, url(user, roles), JSON_V1);
    assertThat(w.json().get("event").asText()).isEqualTo("connected");
    return w;
  }

  /** The client still answers: a ping gets its pong as the very next frame. */
  private static void stillAnswers(WireClient w) throws Exception {
    w.send("{\"type\":\"ping\"}");
    assertThat(w.json().get("type").asText()).isEqualTo("pong");
  }

  @Test
  void wellFormedJsonOfTheWrongShapeGetsABadRequestAckOrIsIgnoredAndTheClientStays() throws Exception {
    WireClient w = json("shape");
    w.send("[1,2,3]"); // no ackId to answer: ignored
    w.send("\"just a string\"");
    w.send("{\"ackId\":5}");
    JsonNode noType = w.json();
    assertThat(noType.get("ackId").asLong()).isEqualTo(5);
    assertThat(noType.get("error").get("name").asText()).isEqualTo("BadRequest");
    assertThat(noType.get("error").get("message").asText()).contains("type");
    w.send("{\"type\":\"joinGroup\",\"group\":42,\"ackId\":6}");
    assertThat(w.json().get("error").get("message").asText()).contains("group");
    w.send("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"binary\",\"data\":\"%%%\",\"ackId\":7}");
    assertThat(w.json().get("error").get("name").asText()).isEqualTo("BadRequest");
    w.send("{\"type\":\"event\",\"event\":\"\",\"ackId\":8}");
    assertThat(w.json().get("error").get("message").asText()).contains("event");
    stillAnswers(w);
    w.close();
  }

  @Test
  void anUnknownTypeIsABadRequestNamingItAndNewerTypesSayTheyAreUnsupported() throws Exception {
    WireClient w = json("unknown");
    w.send("{\"type\":\"explode\",\"ackId\":1}");
    JsonNode unknown = w.json();
    assertThat(unknown.get("success").asBoolean()).isFalse();
    assertThat(unknown.get("error").get("name").asText()).isEqualTo("BadRequest");
    assertThat(unknown.get("error").get("message").asText()).contains("explode");
    w.send("{\"type\":\"invoke\",\"invocationId\":\"i1\",\"event\":\"e\",\"ackId\":2}");
    assertThat(w.json().get("error").get("message").asText()).contains("not supported");
    stillAnswers(w);
    w.close();
  }

  @Test
  void ackIdsUseTheWholeUnsignedRangeAndLargerOnesAreRefused() throws Exception {
    WireClient w = json("acks", "webpubsub.joinLeaveGroup");
    w.send("{\"type\":\"joinGroup\",\"group\":\"a\",\"ackId\":18446744073709551615}");
    JsonNode max = w.json();
    assertThat(max.get("success").asBoolean()).isTrue();
    assertThat(max.get("ackId").asText()).isEqualTo("18446744073709551615");
    w.send("{\"type\":\"joinGroup\",\"group\":\"a\",\"ackId\":18446744073709551616}"); // no usable id: no ack
    w.send("{\"type\":\"joinGroup\",\"group\":\"a\",\"ackId\":-1}");
    w.send("{\"type\":\"joinGroup\",\"group\":\"a\",\"ackId\":1e400}");
    stillAnswers(w);
    w.close();
  }

  @Test
  void nonJsonTextAndBinaryFramesOnTheJsonSubprotocolClose1003() throws Exception {
    WireClient text = json("notjson");
    text.send("hello?");
    assertThat(text.awaitClose().code()).isEqualTo(1003);
    WireClient binary = json("binary");
    binary.session.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)).join();
    assertThat(binary.awaitClose().code()).isEqualTo(1003);
    assertThat(binary.closed.get().reason()).isNotBlank();
  }

  @Test
  void textFramesAndGarbageOnTheProtobufSubprotocolClose1003() throws Exception {
    WireClient text = WireClient.connect(hub.ws, url("pbtext"), PROTOBUF_V1);
    text.next();
    text.send("{\"type\":\"ping\"}");
    assertThat(text.awaitClose().code()).isEqualTo(1003);
    WireClient garbage = WireClient.connect(hub.ws, url("pbgarbage"), PROTOBUF_V1);
    garbage.next();
    // a length-delimited field whose length runs past the end
    garbage.session.sendBinary(new byte[] {0x32, 0x7f, 0x0a}).join();
    assertThat(garbage.awaitClose().code()).isEqualTo(1003);
  }

  @Test
  void aMessageOverTheSizeLimitCloses1009() throws Exception {
    WireClient w = json("big", "webpubsub.sendToGroup");
    String data = "x".repeat(MAX_MESSAGE_BYTES);
    w.send("{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"text\",\"data\":\"" + data + "\"}");
    assertThat(w.awaitClose().code()).isEqualTo(1009);
  }

  @Test
  void aFloodOfForbiddenJoinsGetsOneForbiddenAckEachAndNoMembership() throws Exception {
    WireClient w = json("flood");
    int n = 500;
    for (int i = 1; i <= n; i++) {
      w.session.sendText("{\"type\":\"joinGroup\",\"group\":\"g" + (i % 7) + "\",\"ackId\":" + i + "}");
    }
    for (int i = 1; i <= n; i++) {
      JsonNode ack = w.json();
      assertThat(ack.get("ackId").asLong()).isEqualTo(i);
      assertThat(ack.get("error").get("name").asText()).isEqualTo("Forbidden");
    }
    for (int g = 0; g < 7; g++) {
      assertThat(sdk.groupExistsWithResponse("g" + g, null).getValue()).isFalse();
    }
    stillAnswers(w);
    assertThat(w.poll(Duration.ZERO)).isNull();
    w.close();
  }
}
