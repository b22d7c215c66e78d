package dev.switchboard.hub.server.auth;

import static dev.switchboard.hub.server.auth.TestJwt.KEY1;
import static dev.switchboard.hub.server.auth.TestJwt.KEY2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.server.auth.AuthException.Reason;
import dev.switchboard.hub.server.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §2.3: client access tokens, issued and validated. */
class ClientTokensTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final URI ENDPOINT = URI.create("http://127.0.0.1:8080");

  private final MutableClock clock = new MutableClock(NOW);
  private final ClientTokens tokens = new ClientTokens(() -> new AccessKeys(KEY1, KEY2), clock, Duration.ofMinutes(5), List.of());

  @Test
  void issuedTokensValidateAndCarryUserRolesGroupsAndExpiry() throws Exception {
    ClientToken t = tokens.issue(ENDPOINT, "chat", "u1", List.of("webpubsub.joinLeaveGroup"), List.of("g1", "g2"), Duration.ofMinutes(60));
    assertThat(t.url().toString()).isEqualTo("ws://127.0.0.1:8080/client/hubs/chat?access_token=" + t.token());
    ClientClaims c = tokens.validate(t.token(), "chat", URI.create("ws://127.0.0.1:8080/client/hubs/chat"));
    assertThat(c.userId()).isEqualTo("u1");
    assertThat(c.roles()).containsExactly("webpubsub.joinLeaveGroup");
    assertThat(c.groups()).containsExactly("g1", "g2");
    assertThat(c.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
    assertThat(c.claims()).containsEntry("aud", List.of("http://127.0.0.1:8080/client/hubs/chat"))
        .containsEntry("role", List.of("webpubsub.joinLeaveGroup"))
        .containsEntry("exp", List.of(Long.toString(NOW.plus(Duration.ofMinutes(60)).getEpochSecond())));
  }

  @Test
  void httpsEndpointsGetWssUrls() {
    ClientToken t = tokens.issue(URI.create("https://hub.example.com"), "chat", null, List.of(), List.of(), Duration.ofMinutes(1));
    assertThat(t.url().toString()).startsWith("wss://hub.example.com/client/hubs/chat?access_token=");
  }

  @Test
  void rolesAndGroupsMayBeStringsAndCustomClaimsAreKept() throws Exception {
    String token = TestJwt.hs256("{\"aud\":\"HTTP://127.0.0.1:8080/client/hubs/CHAT\",\"sub\":\"u\",\"role\":\"r1\","
        + "\"webpubsub.group\":\"g\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + ",\"tenant\":\"t1\",\"tags\":[\"a\",\"b\"]}", KEY2);
    ClientClaims c = tokens.validate(token, "chat", ENDPOINT);
    assertThat(c.roles()).containsExactly("r1");
    assertThat(c.groups()).containsExactly("g");
    assertThat(c.claims()).containsEntry("tenant", List.of("t1")).containsEntry("tags", List.of("a", "b"));
  }

  @Test
  void otherHubsOrHostsAreTheWrongAudience() {
    ClientToken t = tokens.issue(ENDPOINT, "chat", "u", List.of(), List.of(), Duration.ofMinutes(5));
    assertThatThrownBy(() -> tokens.validate(t.token(), "other", ENDPOINT))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
    assertThatThrownBy(() -> tokens.validate(t.token(), "chat", URI.create("http://localhost:8080")))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
  }

  @Test
  void aPublicEndpointIsAlsoAccepted() throws Exception {
    ClientTokens behindProxy = new ClientTokens(() -> AccessKeys.of(KEY1), clock, Duration.ZERO, List.of(URI.create("https://hub.example.com")));
    ClientToken t = behindProxy.issue(URI.create("https://hub.example.com"), "chat", null, List.of(), List.of(), Duration.ofMinutes(5));
    behindProxy.validate(t.token(), "chat", URI.create("http://127.0.0.1:8080"));
  }

  @Test
  void expiredTokensAreRefusedAtConnect() {
    ClientToken t = tokens.issue(ENDPOINT, "chat", "u", List.of(), List.of(), Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(7));
    assertThatThrownBy(() -> tokens.validate(t.token(), "chat", ENDPOINT))
        .isInstanceOfSatisfying(AuthException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
          assertThat(e.getMessage()).contains("expired");
        });
  }

  @Test
  void badClaimTypesAndAlgNoneAreRefused() {
    String badRole = TestJwt.hs256("{\"aud\":\"http://127.0.0.1:8080/client/hubs/chat\",\"role\":[1]}", KEY1);
    assertThatThrownBy(() -> tokens.validate(badRole, "chat", ENDPOINT))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CLAIM));
    String none = TestJwt.unsigned("{\"aud\":\"http://127.0.0.1:8080/client/hubs/chat\"}");
    assertThatThrownBy(() -> tokens.validate(none, "chat", ENDPOINT))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_ALGORITHM));
  }

  @Test
  void aLifetimeUnderOneSecondIsACallersMistake() {
    assertThatThrownBy(() -> tokens.issue(ENDPOINT, "chat", null, List.of(), List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
