package dev.switchboard.hub.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.server.auth.AuthException.Reason;
import dev.switchboard.hub.server.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Spec §2.1 (connection string, keys) and §2.5 (reconnection tokens). */
class KeysAndStringsTest {

  @Test
  void connectionStringKeysAreCaseInsensitiveAndPortReplacesThePort() {
    ConnectionString cs = ConnectionString.parse("endpoint=http://127.0.0.1;ACCESSKEY=k=ey;Version=1.0;port=8080;");
    assertThat(cs.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(cs.accessKey()).isEqualTo("k=ey");
    assertThat(ConnectionString.parse("Endpoint=http://127.0.0.1:9000;AccessKey=k;Version=1.0;").endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(ConnectionString.parse("Endpoint=hub.example.com;AccessKey=k").endpoint()).isEqualTo(URI.create("https://hub.example.com"));
  }

  @Test
  void connectionStringFormatParsesBackAndHidesTheKeyInToString() {
    ConnectionString cs = new ConnectionString(URI.create("http://127.0.0.1:8080"), "secret");
    assertThat(cs.format()).isEqualTo("Endpoint=http://127.0.0.1:8080;AccessKey=secret;Version=1.0;");
    assertThat(ConnectionString.parse(cs.format())).isEqualTo(cs);
    assertThat(cs.toString()).doesNotContain("secret");
  }

  @Test
  void connectionStringErrorsNameThePart() {
    assertThatThrownBy(() -> ConnectionString.parse("AccessKey=k")).hasMessageContaining("Endpoint");
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=http://x")).hasMessageContaining("AccessKey");
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=http://x;AccessKey=k;Port=http")).hasMessageContaining("Port");
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=http://x;AccessKey=k;Port=70000")).hasMessageContaining("Port");
    assertThatThrownBy(() -> ConnectionString.parse("Endpoint=http://x;junk")).hasMessageContaining("junk");
  }

  @Test
  void accessKeysMustBeLongEnoughForHs256AndNeverPrint() {
    assertThatThrownBy(() -> AccessKeys.of("short")).hasMessageContaining("32 bytes");
    String key = AccessKeys.generateKey();
    assertThat(key).hasSize(44);
    AccessKeys keys = AccessKeys.of(key).withSecondary(AccessKeys.generateKey());
    assertThat(keys.all()).hasSize(2).first().isEqualTo(key);
    assertThat(keys.toString()).doesNotContain(key);
  }

  @Test
  void reconnectionTokensAreBoundToOneConnectionAndUnforgeable() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ReconnectionTokens tokens = ReconnectionTokens.withRandomSecret(clock, Duration.ofMinutes(10));
    String token = tokens.issue("conn-1");
    tokens.verify("conn-1", token);
    assertThatThrownBy(() -> tokens.verify("conn-2", token))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
    ReconnectionTokens other = ReconnectionTokens.withRandomSecret(clock, Duration.ofMinutes(10));
    assertThatThrownBy(() -> other.verify("conn-1", token))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    // A client token signed with an access key is not a reconnection token, even with the right aud.
    byte[] secret = "reconnection-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
    ReconnectionTokens shared = new ReconnectionTokens(secret, clock, Duration.ofMinutes(10));
    String lookalike = TestJwt.hs256("{\"aud\":\"conn-1\",\"exp\":" + clock.instant().plusSeconds(60).getEpochSecond() + "}",
        new String(secret, StandardCharsets.UTF_8));
    assertThatThrownBy(() -> shared.verify("conn-1", lookalike)).hasMessageContaining("not a reconnection token");
    clock.advance(Duration.ofMinutes(11));
    assertThatThrownBy(() -> tokens.verify("conn-1", token))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
  }
}
