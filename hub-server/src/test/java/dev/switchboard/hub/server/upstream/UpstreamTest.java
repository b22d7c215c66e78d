package dev.switchboard.hub.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.hub.server.auth.AccessKeys;
import dev.switchboard.hub.server.protocol.Payload;
import dev.switchboard.hub.server.testing.MutableClock;
import dev.switchboard.hub.server.upstream.HandlerServer.Answer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec §4 against a real local HTTP server playing the handler. */
class UpstreamTest {

  static final String KEY1 = "primary-key-0123456789-0123456789-abcdef";
  static final String KEY2 = "secondary-key-0123456789-0123456789-abcdef";
  static final String ORIGIN = "127.0.0.1:8080";
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final RecordingScheduler scheduler = new RecordingScheduler();
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  HandlerServer server;
  EventHandlers handlers;
  UpstreamOptions options = UpstreamOptions.defaults(ORIGIN);

  @BeforeEach
  void start() throws Exception {
    server = new HandlerServer();
    handlers = EventHandlers.of(EventHandler.of(server.base() + "/api/{hub}/{event}",
        SystemEvent.CONNECT, SystemEvent.CONNECTED, SystemEvent.DISCONNECTED));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Upstream upstream() {
    return new Upstream(http, () -> new AccessKeys(KEY1, KEY2), hub -> handlers, options, scheduler, clock);
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(HandlerServer.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  static ConnectRequest connectRequest() {
    return new ConnectRequest("u1", "json.webpubsub.azure.v1", Map.of("sub", List.of("u1"), "role", List.of("r1", "r2")),
        Map.of("access_token", List.of("secret"), "x", List.of("1", "2")),
        Map.of("Authorization", List.of("Bearer secret"), "User-Agent", List.of("test")),
        List.of("json.webpubsub.azure.v1", "custom"));
  }

  static String hmac(String key, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void validatesThenSendsConnectWithEveryHeaderAndTheBody() throws Exception {
    UpstreamConnection c = upstream().connection("chat", "conn-1");
    CompletableFuture<ConnectResult> result = c.connect(connectRequest());
    HandlerServer.Request validation = server.next();
    assertThat(validation.method()).isEqualTo("OPTIONS");
    assertThat(validation.path()).isEqualTo("/api/chat/validate");
    assertThat(validation.header("WebHook-Request-Origin")).isEqualTo(ORIGIN);
    assertThat(validation.header("ce-awpsversion")).isEqualTo("1.0");

    HandlerServer.Request r = server.next();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/chat/connect");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("ce-specversion")).isEqualTo("1.0");
    assertThat(r.header("ce-awpsversion")).isEqualTo("1.0");
    assertThat(r.header("ce-type")).isEqualTo("azure.webpubsub.sys.connect");
    assertThat(r.header("ce-source")).isEqualTo("/hubs/chat/client/conn-1");
    assertThat(r.header("ce-id")).isEqualTo("0");
    assertThat(r.header("ce-time")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(r.header("ce-hub")).isEqualTo("chat");
    assertThat(r.header("ce-connectionId")).isEqualTo("conn-1");
    assertThat(r.header("ce-userId")).isEqualTo("u1");
    assertThat(r.header("ce-eventName")).isEqualTo("connect");
    assertThat(r.header("ce-subprotocol")).isEqualTo("json.webpubsub.azure.v1");
    assertThat(r.header("ce-connectionState")).isNull();
    assertThat(r.header("WebHook-Request-Origin")).isEqualTo(ORIGIN);
    assertThat(r.header("ce-signature")).isEqualTo("sha256=" + hmac(KEY1, "conn-1") + ",sha256=" + hmac(KEY2, "conn-1"));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("claims").get("role").toString()).isEqualTo("[\"r1\",\"r2\"]");
    assertThat(body.get("query").has("access_token")).isFalse();
    assertThat(body.get("query").get("x").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(body.get("headers").has("Authorization")).isFalse();
    assertThat(body.get("headers").get("User-Agent").get(0).asText()).isEqualTo("test");
    assertThat(body.get("subprotocols").toString()).isEqualTo("[\"json.webpubsub.azure.v1\",\"custom\"]");
    assertThat(body.get("clientCertificates").isArray()).isTrue();
    assertThat(await(result)).isEqualTo(ConnectResult.Accepted.DEFAULTS);
  }

  @Test
  void connectAnswerSetsUserGroupsRolesSubprotocolAndStateWhichLaterEventsCarry() throws Exception {
    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r)
        : r.path().endsWith("/connect")
            ? Answer.of(200, "application/json", "{\"userId\":\"u2\",\"groups\":[\"g\"],\"roles\":[\"webpubsub.sendToGroup\"],\"subprotocol\":\"custom\"}")
                .withHeader("ce-connectionState", "c3RhdGU=")
            : Answer.of(204);
    UpstreamConnection c = upstream().connection("chat", "conn-1");
    assertThat(await(c.connect(connectRequest())))
        .isEqualTo(new ConnectResult.Accepted("u2", List.of("g"), List.of("webpubsub.sendToGroup"), "custom"));
    assertThat(c.state()).isEqualTo("c3RhdGU=");
    await(c.connected());
    server.nextEvent();
    HandlerServer.Request connected = server.nextEvent();
    assertThat(connected.header("ce-type")).isEqualTo("azure.webpubsub.sys.connected");
    assertThat(connected.header("ce-id")).isEqualTo("1");
    assertThat(connected.header("ce-userId")).isEqualTo("u2");
    assertThat(connected.header("ce-subprotocol")).isEqualTo("custom");
    assertThat(connected.header("ce-connectionState")).isEqualTo("c3RhdGU=");
    assertThat(connected.text()).isEqualTo("{}");
    await(c.disconnected("bye"));
    HandlerServer.Request disconnected = server.nextEvent();
    assertThat(disconnected.header("ce-type")).isEqualTo("azure.webpubsub.sys.disconnected");
    assertThat(JSON.readTree(disconnected.body()).get("reason").asText()).isEqualTo("bye");
  }

  @Test
  void aSubprotocolTheClientDidNotOfferIsARejection() throws Exception {
    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r)
        : Answer.of(200, "application/json", "{\"subprotocol\":\"other\"}");
    ConnectResult r = await(upstream().connection("chat", "c").connect(connectRequest()));
    assertThat(r).isInstanceOfSatisfying(ConnectResult.Rejected.class, x -> {
      assertThat(x.status()).isEqualTo(500);
      assertThat(x.reason()).contains("other");
    });
  }

  @Test
  void aHandlerRejectionFailsTheHandshakeWithItsStatusAndIsNotRetried() throws Exception {
    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r) : Answer.of(401, "text/plain", "who are you");
    assertThat(await(upstream().connection("chat", "c").connect(connectRequest()))).isEqualTo(new ConnectResult.Rejected(401, "who are you"));
    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r) : Answer.of(500, "text/plain", "no");
    assertThat(await(upstream().connection("chat", "c").connect(connectRequest()))).isEqualTo(new ConnectResult.Rejected(500, "no"));
    assertThat(scheduler.delays).isEmpty();
  }

  @Test
  void anUnreachableHandlerRejectsWith500AfterRetriesWithBackoff() throws Exception {
    String dead = server.base();
    server.close();
    handlers = EventHandlers.of(EventHandler.of(dead + "/{event}", SystemEvent.CONNECT));
    // validation happens first and fails: the connect is rejected without any event request
    ConnectResult r = await(upstream().connection("chat", "c").connect(connectRequest()));
    assertThat(r).isInstanceOfSatisfying(ConnectResult.Rejected.class, x -> {
      assertThat(x.status()).isEqualTo(500);
      assertThat(x.reason()).contains("validation");
    });
  }

  @Test
  void eventsAreRetriedOn5xxAnd408WithTheConfiguredBackoffButNeverOn4xx() throws Exception {
    int[] calls = {0};
    server.answer = r -> {
      if (r.method().equals("OPTIONS")) {
        return HandlerServer.allowAll(r);
      }
      calls[0]++;
      return calls[0] == 1 ? Answer.of(503) : calls[0] == 2 ? Answer.of(408) : Answer.of(200, "text/plain; charset=utf-8", "pong");
    };
    handlers = EventHandlers.of(EventHandler.of(server.base() + "/{event}"));
    UpstreamConnection c = upstream().connection("chat", "c");
    assertThat(await(c.userEvent("ping", Payload.text("x")))).contains(Payload.text("pong"));
    assertThat(scheduler.delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));

    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r) : Answer.of(400, "text/plain", "bad");
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(c.userEvent("ping", Payload.text("x"))));
    assertThat(e.getCause()).isInstanceOfSatisfying(UpstreamException.class, u -> {
      assertThat(u.status()).isEqualTo(400);
      assertThat(u.getMessage()).contains("bad");
    });
    assertThat(scheduler.delays).hasSize(2);

    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r) : Answer.of(502);
    e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> await(c.userEvent("ping", Payload.text("x"))));
    assertThat(((UpstreamException) e.getCause()).status()).isEqualTo(502);
    assertThat(scheduler.delays).hasSize(5);
  }

  @Test
  void userEventsCarryTheirPayloadAndAnswersAreTypedByContentType() throws Exception {
    handlers = EventHandlers.of(EventHandler.of(server.base() + "/{event}"));
    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r)
        : Answer.of(200, "application/json", "{\"ok\":true}").withHeader("ce-connectionState", "s2");
    UpstreamConnection c = upstream().connection("chat", "c");
    assertThat(await(c.userEvent("chat.message", Payload.binary(new byte[] {1, 2})))).contains(Payload.json("{\"ok\":true}"));
    HandlerServer.Request r = server.nextEvent();
    assertThat(r.path()).isEqualTo("/chat.message");
    assertThat(r.header("ce-type")).isEqualTo("azure.webpubsub.user.chat.message");
    assertThat(r.header("ce-eventName")).isEqualTo("chat.message");
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.body()).containsExactly(1, 2);
    assertThat(c.state()).isEqualTo("s2");

    server.answer = r2 -> r2.method().equals("OPTIONS") ? HandlerServer.allowAll(r2)
        : new Answer(200, Map.of("Content-Type", "application/octet-stream"), new byte[] {7});
    assertThat(await(c.userEvent("e", Payload.text("t")))).contains(Payload.binary(new byte[] {7}));
    HandlerServer.Request second = server.nextEvent();
    assertThat(second.header("Content-Type")).isEqualTo("text/plain");
    assertThat(second.header("ce-connectionState")).isEqualTo("s2");

    server.answer = HandlerServer::allowAll;
    assertThat(await(c.userEvent("e", Payload.json("1")))).isEqualTo(Optional.empty());
    assertThat(server.nextEvent().header("Content-Type")).isEqualTo("application/json");
    assertThat(c.state()).isEqualTo("s2");
  }

  @Test
  void theFirstMatchingHandlerWinsAndUnmatchedEventsAreNotSent() throws Exception {
    handlers = EventHandlers.of(
        new EventHandler(server.base() + "/first/{event}", "a, b", java.util.Set.of(SystemEvent.CONNECTED)),
        new EventHandler(server.base() + "/second/{event}", "*", java.util.Set.of(SystemEvent.CONNECTED, SystemEvent.CONNECT)));
    UpstreamConnection c = upstream().connection("chat", "c");
    await(c.userEvent("b", Payload.text("x")));
    assertThat(server.nextEvent().path()).isEqualTo("/first/b");
    await(c.userEvent("c", Payload.text("x")));
    assertThat(server.nextEvent().path()).isEqualTo("/second/c");
    await(c.connected());
    assertThat(server.nextEvent().path()).isEqualTo("/first/connected");
    await(c.disconnected("x")); // no handler takes disconnected
    handlers = EventHandlers.of(new EventHandler(server.base() + "/only/{event}", "a", java.util.Set.of()));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(c.userEvent("z", Payload.text("x"))));
    assertThat(e.getCause()).hasMessageContaining("no event handler for user event 'z'");
    assertThat(await(c.connect(connectRequest()))).isEqualTo(ConnectResult.Accepted.DEFAULTS);
    assertThat(server.drained()).allMatch(r -> r.method().equals("OPTIONS"));
  }

  @Test
  void abuseProtectionChecksTheAllowedOriginFallsBackToGetAndIsCached() throws Exception {
    int[] options = {0};
    server.answer = r -> {
      if (r.method().equals("OPTIONS")) {
        options[0]++;
        return Answer.of(404);
      }
      if (r.method().equals("GET")) {
        return Answer.of(200).withHeader("WebHook-Allowed-Origin", "other.example.com, " + ORIGIN.toUpperCase());
      }
      return Answer.of(204);
    };
    Upstream upstream = upstream();
    await(upstream.connection("chat", "c1").connect(connectRequest()));
    await(upstream.connection("chat", "c2").connect(connectRequest()));
    assertThat(options[0]).isEqualTo(1);
    List<String> methods = server.drained().stream().map(HandlerServer.Request::method).toList();
    assertThat(methods).containsExactly("OPTIONS", "GET", "POST", "POST");
  }

  @Test
  void aFailedValidationRejectsAndIsRetriedOnlyAfterValidationRetryAfter() throws Exception {
    server.answer = r -> r.method().equals("OPTIONS") ? Answer.of(200).withHeader("WebHook-Allowed-Origin", "elsewhere:1") : Answer.of(204);
    Upstream upstream = upstream();
    ConnectResult r = await(upstream.connection("chat", "c").connect(connectRequest()));
    assertThat(r).isInstanceOfSatisfying(ConnectResult.Rejected.class, x -> assertThat(x.reason()).contains("WebHook-Allowed-Origin"));
    server.answer = HandlerServer::allowAll;
    assertThat(await(upstream.connection("chat", "c").connect(connectRequest()))).isInstanceOf(ConnectResult.Rejected.class);
    clock.advance(Duration.ofSeconds(30));
    assertThat(await(upstream.connection("chat", "c").connect(connectRequest()))).isEqualTo(ConnectResult.Accepted.DEFAULTS);
  }

  @Test
  void eventsOfOneConnectionAreSentOneAfterAnother() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    server.answer = r -> {
      if (r.method().equals("OPTIONS")) {
        return HandlerServer.allowAll(r);
      }
      if (r.path().endsWith("/first")) {
        release.orTimeout(10, TimeUnit.SECONDS).join();
      }
      return Answer.of(204);
    };
    handlers = EventHandlers.of(EventHandler.of(server.base() + "/{event}"));
    UpstreamConnection c = upstream().connection("chat", "c");
    CompletableFuture<Optional<Payload>> first = c.userEvent("first", Payload.text("1"));
    CompletableFuture<Optional<Payload>> second = c.userEvent("second", Payload.text("2"));
    assertThat(server.nextEvent().path()).isEqualTo("/first");
    assertThat(second).isNotDone();
    assertThat(server.drained()).isEmpty();
    release.complete(null);
    await(first);
    await(second);
    assertThat(server.nextEvent().path()).isEqualTo("/second");
  }

  @Test
  void aStuckHubQueuesThenRefusesWhileOtherHubsGoOn() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    server.answer = r -> {
      if (r.method().equals("OPTIONS")) {
        return HandlerServer.allowAll(r);
      }
      if (r.path().startsWith("/stuck/")) {
        release.orTimeout(10, TimeUnit.SECONDS).join();
      }
      return Answer.of(204);
    };
    handlers = EventHandlers.of(EventHandler.of(server.base() + "/{hub}/{event}"));
    options = options.withMaxConcurrentPerHub(1).withMaxQueuedPerHub(1);
    Upstream upstream = upstream();
    CompletableFuture<Optional<Payload>> inFlight = upstream.connection("stuck", "a").userEvent("e", Payload.text("1"));
    assertThat(server.nextEvent().path()).isEqualTo("/stuck/e");
    CompletableFuture<Optional<Payload>> queued = upstream.connection("stuck", "b").userEvent("e", Payload.text("2"));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(upstream.connection("stuck", "c").userEvent("e", Payload.text("3"))));
    assertThat(refused.getCause()).hasMessageContaining("maxQueuedPerHub 1");
    assertThat(await(upstream.connection("other", "d").userEvent("e", Payload.text("4")))).isEmpty();
    assertThat(upstream.gate("stuck").queued()).isEqualTo(1);
    assertThat(queued).isNotDone();
    release.complete(null);
    await(inFlight);
    await(queued);
    assertThat(upstream.gate("stuck").inFlight()).isZero();
  }

  @Test
  void eachAttemptTimesOut() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    server.answer = r -> {
      if (r.method().equals("OPTIONS")) {
        return HandlerServer.allowAll(r);
      }
      release.orTimeout(10, TimeUnit.SECONDS).join();
      return Answer.of(204);
    };
    options = options.withRequestTimeout(Duration.ofMillis(200)).withRetryDelays(List.of(Duration.ofSeconds(1)));
    ConnectResult r = await(upstream().connection("chat", "c").connect(connectRequest()));
    release.complete(null);
    assertThat(r).isInstanceOfSatisfying(ConnectResult.Rejected.class, x -> {
      assertThat(x.status()).isEqualTo(500);
      assertThat(x.reason()).contains("timed out").contains("2 attempts");
    });
    assertThat(scheduler.delays).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aUserIdThatCannotBeAHeaderValueRejectsTheConnectClearly() throws Exception {
    ConnectRequest r = connectRequest();
    ConnectRequest nonLatin = new ConnectRequest("\u30e6\u30fc\u30b6", r.selectedSubprotocol(), r.claims(), r.query(), r.headers(), r.subprotocols());
    ConnectResult result = await(upstream().connection("chat", "c").connect(nonLatin));
    assertThat(result).isInstanceOfSatisfying(ConnectResult.Rejected.class, x -> {
      assertThat(x.status()).isEqualTo(500);
      assertThat(x.reason()).contains("cannot be sent");
    });
  }

  @Test
  void anOversizedAnswerFailsTheEvent() throws Exception {
    handlers = EventHandlers.of(EventHandler.of(server.base() + "/{event}"));
    server.answer = r -> r.method().equals("OPTIONS") ? HandlerServer.allowAll(r) : Answer.of(200, "text/plain", "x".repeat(100));
    options = options.withMaxResponseBytes(10);
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(upstream().connection("chat", "c").userEvent("e", Payload.text("x"))));
    assertThat(e.getCause()).hasMessageContaining("maxResponseBytes 10");
    assertThat(scheduler.delays).isEmpty();
  }
}
