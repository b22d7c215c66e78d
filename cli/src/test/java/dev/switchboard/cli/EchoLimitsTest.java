package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.WebSocketClient;
import dev.switchboard.websocket.WebSocketConnectException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code switchboard echo}'s limit options, each seen at work from a client. */
class EchoLimitsTest {

  @Test
  void maxConnectionsRefusesTheNextOneWith503AndIdleTimeoutClosesAQuietSessionWith1001() throws Exception {
    Cli echo = Cli.start(java.io.InputStream.nullInputStream(), "echo", "--port", "0", "--io-threads", "1",
        "--max-connections", "1", "--idle-timeout", "300ms", "--reuse-port", "--max-buffered-bytes", "1MiB");
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      int port = EchoCommandTest.portOf(echo);
      Recorder first = new Recorder();
      client.connect("ws://127.0.0.1:" + port + "/", first).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> client.connect("ws://127.0.0.1:" + port + "/", new Recorder()).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.responseHeaders().get("retry-after")).containsExactly("5");
          });
      CloseEvent idle = first.closed.get(10, TimeUnit.SECONDS);
      assertThat(idle.code()).isEqualTo(1001);
      assertThat(idle.reason()).isEqualTo("idle timeout");
    } finally {
      echo.stop.complete(null);
      assertThat(echo.exitStatus()).isZero();
    }
  }

  @Test
  void badLimitValuesExitTwoSayingWhatWasWrong() throws Exception {
    Cli badSpan = Cli.run("echo", "--idle-timeout", "soon");
    assertThat(badSpan.exitStatus()).isEqualTo(2);
    assertThat(badSpan.err.text()).contains("'soon' is not a duration");

    Cli negative = Cli.run("echo", "--port", "0", "--max-connections-per-ip", "-1");
    assertThat(negative.exitStatus()).isEqualTo(2);
    assertThat(negative.err.text()).contains("maxConnectionsPerIp must be 0 (unlimited) or positive");

    Cli policy = Cli.run("echo", "--slow-consumer", "maybe");
    assertThat(policy.exitStatus()).isEqualTo(2);
    assertThat(policy.err.text()).contains("CLOSE, DROP");
  }

  @Test
  void durationsTakeUnits() {
    EchoCommand.Span span = new EchoCommand.Span();
    assertThat(span.convert("0")).isEqualTo(Duration.ZERO);
    assertThat(span.convert("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(span.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(span.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(span.convert("1h")).isEqualTo(Duration.ofHours(1));
  }
}
