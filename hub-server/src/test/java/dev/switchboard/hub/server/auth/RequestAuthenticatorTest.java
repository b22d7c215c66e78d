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

/** Spec §2.2: REST requests signed as the JS and Java SDKs sign them. */
class RequestAuthenticatorTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final URI URL = URI.create("http://127.0.0.1:8080/api/hubs/h/users/user%2F1/:send?api-version=2024-12-01&excluded=e1");

  private final MutableClock clock = new MutableClock(NOW);
  private final RequestAuthenticator auth = new RequestAuthenticator(() -> new AccessKeys(KEY1, KEY2), clock,
      RequestAuthenticator.DEFAULT_CLOCK_SKEW, List.of(URI.create("https://pubsub.example.com")));

  static String payload(String aud, long exp) {
    return "{\"aud\":\"" + aud + "\",\"exp\":" + exp + "}";
  }

  static long in(Duration d) {
    return NOW.plus(d).getEpochSecond();
  }

  private Reason reason(String authorization, URI url) {
    try {
      auth.authenticate(authorization, url);
    } catch (AuthException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void jsStyleTokenWithFullUrlAudienceIsAccepted() throws Exception {
    String token = TestJwt.hs256("{\"aud\":\"" + URL + "\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + in(Duration.ofHours(1)) + "}", KEY1);
    assertThat(auth.authenticate("Bearer " + token, URL)).containsKey("aud");
  }

  @Test
  void javaStyleHeaderAndTheSecondaryKeyAreAccepted() throws Exception {
    String token = TestJwt.sign("{\"alg\":\"HS256\"}", payload(URL.toString(), in(Duration.ofHours(1))), KEY2);
    auth.authenticate("bearer " + token, URL);
  }

  @Test
  void audienceMatchesCaseInsensitivelyWithoutQueryAndDecoded() throws Exception {
    long exp = in(Duration.ofHours(1));
    auth.authenticate("Bearer " + TestJwt.hs256(payload(URL.toString().toUpperCase(), exp), KEY1), URL);
    auth.authenticate("Bearer " + TestJwt.hs256(payload("http://127.0.0.1:8080/api/hubs/h/users/user%2F1/:send", exp), KEY1), URL);
    auth.authenticate("Bearer " + TestJwt.hs256(payload("http://127.0.0.1:8080/api/hubs/h/users/user/1/:send", exp), KEY1), URL);
  }

  @Test
  void aReverseProxyAudienceMatchesThroughAConfiguredPublicEndpoint() throws Exception {
    long exp = in(Duration.ofHours(1));
    String aud = "https://PubSub.example.com/api/hubs/h/users/user%2F1/:send?api-version=2024-12-01&excluded=e1";
    auth.authenticate("Bearer " + TestJwt.hs256(payload(aud, exp), KEY1), URL);
    assertThat(reason("Bearer " + TestJwt.hs256(payload("https://evil.example.com/api/hubs/h/users/user%2F1/:send", exp), KEY1), URL))
        .isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void anotherPathIsTheWrongAudience() {
    String token = TestJwt.hs256(payload("http://127.0.0.1:8080/api/hubs/other/:send", in(Duration.ofHours(1))), KEY1);
    assertThat(reason("Bearer " + token, URL)).isEqualTo(Reason.WRONG_AUDIENCE);
    assertThat(reason("Bearer " + TestJwt.hs256("{\"exp\":" + in(Duration.ofHours(1)) + "}", KEY1), URL)).isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void expiryAllowsFiveMinutesOfSkewAndNoMore() throws Exception {
    String token = TestJwt.hs256(payload(URL.toString(), NOW.getEpochSecond()), KEY1);
    clock.advance(Duration.ofMinutes(4));
    auth.authenticate("Bearer " + token, URL);
    clock.advance(Duration.ofMinutes(2));
    assertThat(reason("Bearer " + token, URL)).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void aTokenWithoutExpIsRefused() {
    assertThat(reason("Bearer " + TestJwt.hs256("{\"aud\":\"" + URL + "\"}", KEY1), URL)).isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void algNoneAndOtherAlgorithmsAreRefused() {
    String p = payload(URL.toString(), in(Duration.ofHours(1)));
    assertThat(reason("Bearer " + TestJwt.unsigned(p), URL)).isEqualTo(Reason.BAD_ALGORITHM);
    assertThat(reason("Bearer " + TestJwt.sign("{\"alg\":\"HS512\"}", p, KEY1 + KEY1), URL)).isEqualTo(Reason.BAD_ALGORITHM);
    String rs = TestJwt.b64("{\"alg\":\"RS256\"}") + "." + TestJwt.b64(p) + ".c2ln";
    assertThat(reason("Bearer " + rs, URL)).isEqualTo(Reason.BAD_ALGORITHM);
  }

  @Test
  void aSignatureByAnUnknownKeyIsRefused() {
    String token = TestJwt.hs256(payload(URL.toString(), in(Duration.ofHours(1))), "not-our-key-0123456789-0123456789-xyz");
    assertThat(reason("Bearer " + token, URL)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void missingOrGarbledHeadersSayWhat() {
    assertThat(reason(null, URL)).isEqualTo(Reason.MISSING_TOKEN);
    assertThat(reason("Basic dXNlcjpwYXNz", URL)).isEqualTo(Reason.MISSING_TOKEN);
    assertThat(reason("Bearer not.a.jwt", URL)).isEqualTo(Reason.MALFORMED_TOKEN);
    assertThat(reason("Bearer " + "a".repeat(9000), URL)).isEqualTo(Reason.MALFORMED_TOKEN);
  }

  @Test
  void rotatedKeysTakeEffectAtOnce() throws Exception {
    AccessKeys[] keys = {AccessKeys.of(KEY1)};
    RequestAuthenticator rotating = new RequestAuthenticator(() -> keys[0], clock, Duration.ZERO, List.of());
    String token = TestJwt.hs256(payload(URL.toString(), in(Duration.ofHours(1))), KEY2);
    assertThatThrownBy(() -> rotating.authenticate("Bearer " + token, URL)).isInstanceOf(AuthException.class);
    keys[0] = keys[0].withSecondary(KEY2);
    rotating.authenticate("Bearer " + token, URL);
  }
}
