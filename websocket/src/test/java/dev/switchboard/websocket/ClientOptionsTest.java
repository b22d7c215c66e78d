package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's options without a network: URL checks, retry arithmetic, Retry-After, proxy URLs. */
class ClientOptionsTest {

  static final WebSocketClient client = WebSocketClient.builder().build();

  @AfterAll
  static void stop() {
    client.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ws://example.com/", "http://example.com/x", "ws://10.0.0.1/", "ws://[2001:db8::1]/"})
  void plaintextToAnotherHostIsRefusedBeforeAnyIo(String url) {
    assertThatThrownBy(() -> client.open(url)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not encrypted").hasMessageContaining("allowInsecureConnections");
    assertThatThrownBy(() -> client.connect(url, new Endpoint() {})).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ws://localhost/", "ws://app.localhost/", "ws://127.0.0.1/", "ws://127.9.9.9/", "ws://[::1]/"})
  void loopbackIsNotInsecure(String url) {
    assertThat(ConnectRequest.to(url).build().isLoopback()).isTrue();
  }

  @Test
  void secureOrAllowedIsAccepted() {
    assertThat(ConnectRequest.to("wss://example.com/").build().isSecure()).isTrue();
    assertThat(ConnectRequest.to("ws://localhost.example.com/").build().isLoopback()).isFalse();
  }

  /** RFC 6455 §3: ws/wss only (http/https mapped), a host, no fragment. */
  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/", "ws:///path", "wss://example.com/#frag", "example.com/x"})
  void badUrlsSayWhatIsWrong(String url) {
    assertThatThrownBy(() -> client.open(url)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(?s).*(scheme|host|fragment).*");
  }

  @Test
  void httpsIsMappedToWss() {
    assertThat(ConnectRequest.to("https://example.com/a?b=1").build().uri()).hasToString("wss://example.com/a?b=1");
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCapAndJitterOnlyShortens() {
    RetryPolicy p = RetryPolicy.exponential(10).withInitialDelay(Duration.ofSeconds(1))
        .withMaxDelay(Duration.ofSeconds(10)).withJitter(0.5);
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(n -> p.delayBefore(n, 0)).toList()).containsExactly(
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10));
    assertThat(p.delayBefore(3, 0.999)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThatThrownBy(() -> p.withJitter(1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> p.withMaxRetries(-1)).hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> p.withMaxDelay(Duration.ofMillis(1))).hasMessageContaining("maxDelay");
  }

  private static WebSocketConnectException refused(int status, String retryAfter) {
    return new WebSocketConnectException(null, ConnectFailure.HTTP_STATUS, "x", null, status,
        retryAfter == null ? Map.of() : Map.of("retry-after", List.of(retryAfter)), "");
  }

  /** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
  @Test
  void retryAfterIsSecondsOrADate() {
    Instant now = Instant.parse("2015-10-21T07:28:00Z");
    assertThat(RetryAfter.of(refused(503, "120"), now)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.of(refused(503, "Wed, 21 Oct 2015 07:28:30 GMT"), now)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.of(refused(503, "Wed, 21 Oct 2015 07:00:00 GMT"), now)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.of(refused(503, "soon"), now)).isNull();
    assertThat(RetryAfter.of(refused(503, null), now)).isNull();
  }

  @Test
  void onlyServerErrorsAndTooManyRequestsAreRetryableStatuses() {
    assertThat(refused(503, null).isRetryable()).isTrue();
    assertThat(refused(500, null).isRetryable()).isTrue();
    assertThat(refused(429, null).isRetryable()).isTrue();
    assertThat(refused(401, null).isRetryable()).isFalse();
    assertThat(refused(403, null).isRetryable()).isFalse();
    assertThat(ConnectFailure.TLS_FAILURE.isRetryable()).isFalse();
    assertThat(ConnectFailure.CONNECTION_REFUSED.isRetryable()).isTrue();
  }

  @Test
  void proxyUrlsParseWithCredentialsAndHideThePassword() {
    ClientProxy p = ClientProxy.parse("http://bob:p%40ss@proxy.test:3128");
    assertThat(p).isEqualTo(new ClientProxy(ClientProxy.Type.HTTP, "proxy.test", 3128, "bob", "p@ss"));
    assertThat(p.toString()).isEqualTo("http://bob:***@proxy.test:3128").doesNotContain("p@ss");
    assertThat(ClientProxy.parse("socks5://127.0.0.1:1080").type()).isEqualTo(ClientProxy.Type.SOCKS5);
    assertThatThrownBy(() -> ClientProxy.parse("ftp://x:1")).hasMessageContaining("http:// or socks5://");
    assertThatThrownBy(() -> ClientProxy.parse("http://proxy.test")).hasMessageContaining("port");
    assertThatThrownBy(() -> ClientProxy.parse("http://bob:secret@proxy.test")).hasMessageNotContaining("secret");
  }
}
