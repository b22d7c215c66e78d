package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact wire checks with raw clients: protobuf bytes (spec §3.7) and simple clients (§3.8, §2.4). */
class WireFormatTest {

  static RunningHub hub;
  static WebPubSubServiceClient sdk;

  @BeforeAll
  static void start() {
    hub = RunningHub.start();
    sdk = hub.sdk("wire");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  private String url(String user, String... roles) {
    GetClientAccessTokenOptions o = new GetClientAccessTokenOptions().setUserId(user);
    for (String r : roles) {
      o.addRole(r);
    }
    return sdk.getClientAccessToken(o).getUrl();
  }

  @Test
  void protobufClientsJoinGetAcksAndGroupMessagesByteForByte() throws Exception {
    WireClient p = WireClient.connect(hub.ws, url("pb", "webpubsub.joinLeaveGroup"), "protobuf.webpubsub.azure.v1");
    assertThat(p.session.protocol()).isEqualTo("protobuf.webpubsub.azure.v1");
    byte[] connected = (byte[]) p.next();
    assertThat(connected[0]).isEqualTo((byte) 0x1A); // DownstreamMessage.system_message = 3
    // UpstreamMessage.join_group_message (6) { group = "g", ack_id = 1 }
    p.session.sendBinary(hex("32 05 0A 01 67 10 01")).join();
    // DownstreamMessage.ack_message (1) { ack_id = 1, success = true }
    assertThat((byte[]) p.next()).isEqualTo(hex("0A 04 08 01 10 01"));
    sdk.sendToGroup("g", "hi", WebPubSubContentType.TEXT_PLAIN);
    // data_message (2) { from = "group", group = "g", data = { text_data = "hi" } }
    assertThat((byte[]) p.next()).isEqualTo(hex("12 10 0A 05 67 72 6F 75 70 12 01 67 1A 04 0A 02 68 69"));
    p.close();
  }

  @Test
  void simpleClientsGetRawFramesAndPublishInSendToGroupMode() throws Exception {
    WireClient reader = WireClient.connect(hub.ws, url("reader"));
    assertThat(reader.session.protocol()).isEmpty();
    sdk.addUserToGroupWithResponse("raw", "reader", new RequestOptions());
    WireClient writer = WireClient.connect(hub.ws, url("writer", "webpubsub.sendToGroup.raw")
        + "&webpubsub_mode=sendToGroup&group=raw&noEcho=true");
    writer.session.sendText("raw hello").join();
    assertThat(reader.next()).isEqualTo("raw hello");
    writer.session.sendBinary(new byte[] {1, 2, 3}).join();
    assertThat((byte[]) reader.next()).isEqualTo(new byte[] {1, 2, 3});
    sdk.sendToAll("{\"a\":1}", WebPubSubContentType.APPLICATION_JSON);
    assertThat(reader.next()).isEqualTo("{\"a\":1}");
    assertThat(writer.next()).isEqualTo("{\"a\":1}"); // noEcho: its own frames never came back
    sdk.sendToAllWithResponse(BinaryData.fromBytes("bin".getBytes(StandardCharsets.UTF_8)),
        WebPubSubContentType.APPLICATION_OCTET_STREAM, 3, null);
    assertThat((byte[]) reader.next()).isEqualTo("bin".getBytes(StandardCharsets.UTF_8));
    // In the default sendEvent mode with no event handler configured, a frame closes the client.
    reader.session.sendText("event without handler").join();
    assertThat(reader.awaitClose().code()).isEqualTo(1011);
    writer.close();
  }
}
