package dev.switchboard.hub.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.hub.server.auth.AccessKeys;
import dev.switchboard.hub.server.protocol.Payload;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our CloudEvents client against the official npm {@code @azure/web-pubsub-express} 1.1.0 handler
 * in Node: it must accept our validation handshake and every event, and round-trip the state.
 */
class ExpressHandlerInteropTest {

  static final String KEY = "primary-key-0123456789-0123456789-abcdef";
  static final String ENDPOINT = "http://127.0.0.1:8080";
  static final ObjectMapper JSON = new ObjectMapper();
  static NodeUpstream node;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startNode() throws Exception {
    node = NodeUpstream.start("chat", ENDPOINT);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static Upstream upstream(String origin) {
    EventHandlers handlers = EventHandlers.of(EventHandler.of("http://127.0.0.1:" + node.port() + "/api/webpubsub/hubs/{hub}/{event}",
        SystemEvent.CONNECT, SystemEvent.CONNECTED, SystemEvent.DISCONNECTED));
    return new Upstream(HTTP, () -> AccessKeys.of(KEY), hub -> handlers, UpstreamOptions.defaults(origin),
        new RecordingScheduler(), Clock.systemUTC());
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(HandlerServer.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  static ConnectRequest request(String userId) {
    return new ConnectRequest(userId, "json.reliable.webpubsub.azure.v1",
        Map.of("sub", List.of(userId), "tenant", List.of("t1")), Map.of("x", List.of("1")),
        Map.of("User-Agent", List.of("interop")), List.of("json.reliable.webpubsub.azure.v1"));
  }

  @Test
  void theExpressHandlerAcceptsEveryEventAndRoundTripsTheState() throws Exception {
    UpstreamConnection c = upstream("127.0.0.1:8080").connection("chat", "conn-1");

    assertThat(await(c.connect(request("u1")))).isEqualTo(new ConnectResult.Accepted("user-from-handler", List.of("g1"),
        List.of("webpubsub.sendToGroup"), "json.reliable.webpubsub.azure.v1"));
    JsonNode connect = node.nextEvent();
    assertThat(connect.get("event").asText()).isEqualTo("connect");
    assertThat(connect.at("/context/userId").asText()).isEqualTo("u1");
    assertThat(connect.at("/context/connectionId").asText()).isEqualTo("conn-1");
    assertThat(connect.at("/context/hub").asText()).isEqualTo("chat");
    assertThat(connect.at("/context/eventName").asText()).isEqualTo("connect");
    assertThat(connect.at("/context/origin").asText()).isEqualTo("127.0.0.1:8080");
    assertThat(connect.at("/claims/tenant/0").asText()).isEqualTo("t1");
    assertThat(connect.at("/query/x/0").asText()).isEqualTo("1");
    assertThat(connect.at("/subprotocols/0").asText()).isEqualTo("json.reliable.webpubsub.azure.v1");
    assertThat(JSON.readTree(Base64.getDecoder().decode(c.state())).get("counter").asInt()).isEqualTo(1);

    await(c.connected());
    JsonNode connected = node.nextEvent();
    assertThat(connected.get("event").asText()).isEqualTo("connected");
    assertThat(connected.at("/context/userId").asText()).isEqualTo("user-from-handler");
    assertThat(connected.at("/context/states/counter").asInt()).isEqualTo(1);

    assertThat(await(c.userEvent("echo", Payload.text("hello")))).contains(Payload.text("echo:hello"));
    JsonNode user = node.nextEvent();
    assertThat(user.get("data").asText()).isEqualTo("hello");
    assertThat(user.get("dataType").asText()).isEqualTo("text");
    assertThat(user.at("/context/eventName").asText()).isEqualTo("echo");
    assertThat(user.at("/context/states/counter").asInt()).isEqualTo(1);

    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(c.userEvent("fail", Payload.text("x"))));
    assertThat(failed.getCause()).isInstanceOfSatisfying(UpstreamException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).contains("bad event");
    });
    node.nextEvent();

    await(c.disconnected("bye"));
    JsonNode disconnected = node.nextEvent();
    assertThat(disconnected.get("event").asText()).isEqualTo("disconnected");
    assertThat(disconnected.get("reason").asText()).isEqualTo("bye");
    assertThat(disconnected.at("/context/states/counter").asInt()).isEqualTo(2);
  }

  @Test
  void aRejectionByTheHandlerCarriesItsStatus() throws Exception {
    ConnectResult r = await(upstream("127.0.0.1:8080").connection("chat", "conn-2").connect(request("reject-me")));
    assertThat(r).isEqualTo(new ConnectResult.Rejected(401, "not you"));
    node.nextEvent();
  }

  @Test
  void anOriginTheHandlerDoesNotAllowFailsValidation() throws Exception {
    ConnectResult r = await(upstream("127.0.0.1:9999").connection("chat", "conn-3").connect(request("u")));
    assertThat(r).isInstanceOfSatisfying(ConnectResult.Rejected.class, x -> {
      assertThat(x.status()).isEqualTo(500);
      assertThat(x.reason()).contains("WebHook-Allowed-Origin").contains("127.0.0.1:8080");
    });
  }
}
