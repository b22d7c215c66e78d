package dev.switchboard.hub.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SendOptions;
import dev.switchboard.hub.server.HubSettings;
import dev.switchboard.hub.server.it.RunningHub;
import dev.switchboard.hub.server.it.WireClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is cut off at {@code limits.maxBufferedBytes} instead of growing
 * the hub's memory: a raw socket with a tiny receive buffer among well-behaved clients of the
 * same group, while the hub streams messages to the group.
 */
class SlowClientTest {

  static final long LIMIT = 64 * 1024;
  /** Far more than the kernel's socket buffers and the limit hold: 4,000 messages of 4 KB. */
  static final int MAX_MESSAGES = 4000;
  /** Messages sent after the stalled client was cut off, which the others must still get. */
  static final int AFTER = 50;
  static final byte[] PAYLOAD = "x".repeat(4000).getBytes(StandardCharsets.UTF_8);

  HandlerServer upstream;
  RunningHub hub;
  WebPubSubServiceClient sdk;

  @BeforeEach
  void start() throws Exception {
    upstream = new HandlerServer();
    hub = new RunningHub(RunningHub.config().withMaxBufferedBytes(LIMIT).withHub("chat", HubSettings.DEFAULT
        .withEventHandlers(List.of(EventHandler.of(upstream.base() + "/{hub}/{event}", SystemEvent.DISCONNECTED)))));
    sdk = hub.sdk("chat");
  }

  @AfterEach
  void stop() {
    hub.close();
    upstream.close();
  }

  private String url(String user, String... roles) {
    return sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId(user).setGroups(List.of("room"))
        .setRoles(List.of(roles))).getUrl();
  }

  @Test
  void aClientThatStopsReadingIsClosedWith1008WhileTheOthersGetEveryMessage() throws Exception {
    List<WireClient> readers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      WireClient w = WireClient.connect(hub.ws, url("reader" + i), "json.webpubsub.azure.v1");
      assertThat(w.json().get("event").asText()).isEqualTo("connected");
      readers.add(w);
    }
    try (StalledClient stalled = StalledClient.open(URI.create(url("stalled")), "json.webpubsub.azure.v1")) {
      Hub chat = hub.server.hubs().hub("chat");
      long largest = 0;
      int sent = 0;
      int after = -1;
      while (after < AFTER) {
        assertThat(sent).as("the stalled client is cut off within " + MAX_MESSAGES + " messages").isLessThan(MAX_MESSAGES);
        chat.sendToGroup("room", DataType.TEXT, PAYLOAD, SendOptions.NONE).join();
        sent++;
        largest = Math.max(largest, hub.server.largestClientBacklogBytes());
        // the readers read as the stream goes on, so only the stalled client falls behind
        for (WireClient w : readers) {
          JsonNode m = w.json();
          assertThat(m.get("type").asText()).isEqualTo("message");
          assertThat(m.get("group").asText()).isEqualTo("room");
        }
        if (after >= 0) {
          after++;
        } else if (!chat.userExists("stalled").join()) {
          after = 0; // gone from the hub: keep streaming a little to show the others are unaffected
        }
      }
      assertThat(largest).as("what waits for the stalled client's socket").isLessThanOrEqualTo(LIMIT);

      HandlerServer.Request disconnected = upstream.nextEvent();
      assertThat(disconnected.header("ce-type")).isEqualTo("azure.webpubsub.sys.disconnected");
      assertThat(disconnected.header("ce-userId")).isEqualTo("stalled");
      assertThat(disconnected.text()).contains("too slow").contains("maxBufferedBytes");

      int code = stalled.readUntilClose();
      assertThat(code).as("close code after the frames that fitted").isEqualTo(1008);
      assertThat(stalled.messages).as("it got a prefix of the stream, then nothing").isLessThan(sent - AFTER);
    }
    for (WireClient w : readers) {
      assertThat(w.poll(java.time.Duration.ZERO)).as("every message was read, none is left").isNull();
      w.close();
    }
  }

  @Test
  void aReliableClientThatStopsReadingIsCutOffRecoverablyWith1013AndItsBacklogStaysBounded() throws Exception {
    byte[] payload = "y".repeat(16_000).getBytes(StandardCharsets.UTF_8); // 1,000 of them pass the 16 MiB replay buffer
    try (StalledClient stalled = StalledClient.open(URI.create(url("stalled")), "json.reliable.webpubsub.azure.v1")) {
      Hub chat = hub.server.hubs().hub("chat");
      JsonNode connected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stalled.readFrame());
      String id = connected.get("connectionId").asText();
      long largest = 0;
      int sent = 0;
      while (chat.localConnection(id).orElseThrow().state() == dev.switchboard.hub.Connection.State.OPEN) {
        assertThat(sent).as("the stalled transport is cut off before the replay buffer overflows").isLessThan(1000);
        chat.sendToGroup("room", DataType.TEXT, payload, SendOptions.NONE).join();
        sent++;
        largest = Math.max(largest, hub.server.largestClientBacklogBytes());
      }
      assertThat(largest).as("the socket side is capped; the replay buffer holds the rest").isLessThanOrEqualTo(LIMIT);
      assertThat(chat.localConnection(id).orElseThrow().state()).isEqualTo(dev.switchboard.hub.Connection.State.DETACHED);
      assertThat(chat.connectionExists(id).join()).as("recoverable within the recovery window").isTrue();
      assertThat(upstream.drained()).as("no disconnected event for a recoverable drop")
          .noneMatch(r -> r.method().equals("POST"));
      assertThat(stalled.readUntilClose()).as("not 1008, so that the client recovers").isEqualTo(1013);
    }
  }

  /** A raw WebSocket client whose socket has a 4 KiB receive buffer and reads only when told. */
  static final class StalledClient implements AutoCloseable {
    final Socket socket = new Socket();
    InputStream in;
    int messages;

    static StalledClient open(URI url, String subprotocol) throws Exception {
      StalledClient c = new StalledClient();
      c.socket.setReceiveBufferSize(4096);
      c.socket.setSoTimeout(10_000);
      c.socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 10_000);
      OutputStream out = c.socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:" + url.getPort()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + subprotocol + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      c.in = c.socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = c.in.read();
        if (b < 0) {
          throw new AssertionError("no handshake answer: " + head);
        }
        head.write(b);
      }
      assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
      return c;
    }

    /** The payload of the next frame, as text. */
    String readFrame() throws Exception {
      return new String(frame()[1], StandardCharsets.UTF_8);
    }

    /** The next frame: its opcode (as a one-byte array) and its payload. */
    private byte[][] frame() throws Exception {
      int b0 = readByte();
      int b1 = readByte() & 0x7F;
      long len = b1 < 126 ? b1 : b1 == 126 ? readLong(2) : readLong(8);
      return new byte[][] {{(byte) (b0 & 0x0F)}, in.readNBytes((int) len)};
    }

    private int readByte() throws Exception {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the hub closed TCP without a close frame");
      }
      return b;
    }

    /** Reads frames until the close frame and returns its code; counts the group messages before it. */
    int readUntilClose() throws Exception {
      while (true) {
        byte[][] f = frame();
        int opcode = f[0][0];
        byte[] payload = f[1];
        if (opcode == 0x8) {
          return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
        if (opcode == 0x1 && new String(payload, StandardCharsets.UTF_8).contains("\"group\"")) {
          messages++;
        }
      }
    }

    private long readLong(int n) throws Exception {
      long v = 0;
      for (byte x : in.readNBytes(n)) {
        v = (v << 8) | (x & 0xFF);
      }
      return v;
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }
}
