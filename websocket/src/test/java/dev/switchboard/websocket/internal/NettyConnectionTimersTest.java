package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.closePayload;
import static dev.switchboard.websocket.internal.Wire.hex;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.HeartbeatTimeoutException;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.internal.ConnectionHarness.Ending;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection's timers on a manual clock: the closing handshake's timeout (RFC 6455 §7.1.1,
 * §7.1.5) and keep-alive pings (§5.5.2). No test sleeps; time moves only when a test moves it.
 */
class NettyConnectionTimersTest extends ConnectionTestBase {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration TICK = Duration.ofMillis(1);
  private static final Limits LIMITS = Limits.DEFAULT.withCloseTimeout(CLOSE_TIMEOUT);
  private static final Limits KEEP_ALIVE = LIMITS.withPingInterval(INTERVAL).withPingTimeout(PING_TIMEOUT);


  /** Moves the clock to just before {@code d} from now, checks the channel is still open, then to {@code d}. */
  private void waitOut(Duration d) {
    h.advance(d.minus(TICK));
    assertThat(h.channel.isOpen()).as("open until the timer is due").isTrue();
    h.advance(TICK);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void closeWithNoAnswerDropsTcpAfterCloseTimeoutAndReports1006WithTimeout_7_1_1(Role role) {
    open(role, LIMITS);
    h.connection.close(1000, "bye");
    assertThat(h.written()).containsExactly(hex(Wire.frame(true, Opcode.CLOSE, closePayload(1000, "bye"), false)));

    waitOut(CLOSE_TIMEOUT);

    assertThat(h.channel.isOpen()).isFalse();
    assertThat(h.endpoint.take()).containsExactly("error:TimeoutException", "close:1006");
    assertThat(h.ending()).isEqualTo(new Ending(1006, "", false, false, TimeoutException.class));
    assertThat(h.endpoint.closes.get(0).error()).hasMessageContaining("PT3S");
  }

  @Test
  void clientWaitsForTheServerToDropTcpAfterTheCloseHandshakeThenDropsItItself_7_1_1() {
    open(Role.CLIENT, LIMITS);
    h.receive(h.peerFrame(Opcode.CLOSE, closePayload(1001, "restart")));
    assertThat(h.written()).containsExactly("880203e9");

    waitOut(CLOSE_TIMEOUT);

    assertThat(h.channel.isOpen()).isFalse();
    assertThat(h.endpoint.take()).containsExactly("close:1001");
    assertThat(h.ending()).as("the handshake was complete: clean, no error")
        .isEqualTo(new Ending(1001, "restart", true, true, null));
  }

  @Test
  void clientThatClosedFirstWaitsForTcpAfterTheServersAnswerAndReportsItClean_7_1_1() {
    open(Role.CLIENT, LIMITS);
    h.connection.close(4000, "done");
    h.written();
    h.advance(Duration.ofSeconds(1));
    h.receive(h.peerFrame(Opcode.CLOSE, closePayload(4000, "")));
    assertThat(h.channel.isOpen()).isTrue();

    waitOut(CLOSE_TIMEOUT.minus(Duration.ofSeconds(1)));

    assertThat(h.ending()).isEqualTo(new Ending(4000, "", true, false, null));
  }

  @Test
  void tcpClosedBeforeTheCloseTimeoutCancelsTheTimer() {
    open(Role.SERVER, LIMITS);
    h.connection.close(1000, "");
    h.written();
    h.dropConnection();
    h.advance(CLOSE_TIMEOUT.multipliedBy(2));
    assertThat(h.endpoint.take()).containsExactly("close:1006");
    assertThat(h.ending()).isEqualTo(new Ending(1006, "", false, false, null));
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void silenceForThePingIntervalSendsAnEmptyPing_5_5_2(Role role) {
    open(role, KEEP_ALIVE);
    h.advance(INTERVAL.minus(TICK));
    assertThat(h.written()).isEmpty();
    h.advance(TICK);
    assertThat(h.written()).containsExactly("8900");
  }

  @Test
  void aPongAfterTheKeepAlivePingKeepsTheConnectionAndTheNextSilenceBringsTheNextPing() {
    open(Role.SERVER, KEEP_ALIVE);
    h.advance(INTERVAL);
    assertThat(h.written()).containsExactly("8900");
    h.advance(PING_TIMEOUT.minus(TICK));
    h.receive(h.peerFrame(Opcode.PONG, new byte[0]));
    h.advance(TICK);
    assertThat(h.channel.isOpen()).isTrue();

    h.advance(INTERVAL);
    assertThat(h.written()).containsExactly("8900");
    assertThat(h.endpoint.take()).containsExactly("pong:");
  }

  @Test
  void anIdleButAnsweringPeerIsPingedEveryIntervalCountedFromItsLastAnswer() {
    open(Role.SERVER, KEEP_ALIVE);
    for (int i = 0; i < 3; i++) {
      h.advance(INTERVAL.minus(TICK));
      assertThat(h.written()).as("round " + i + ": no ping before the interval").isEmpty();
      h.advance(TICK);
      assertThat(h.written()).as("round " + i).containsExactly("8900");
      h.receive(h.peerFrame(Opcode.PONG, new byte[0])); // answered at once
    }
    assertThat(h.channel.isOpen()).isTrue();
  }

  @Test
  void anyInboundFrameCountsAsLifeBeforeAndAfterTheKeepAlivePing() {
    open(Role.SERVER, KEEP_ALIVE);
    h.advance(INTERVAL.dividedBy(2));
    h.receive(h.peerFrame(Opcode.TEXT, utf8("alive")));
    h.advance(INTERVAL.dividedBy(2));
    assertThat(h.written()).as("a frame within the interval: no ping at its end").isEmpty();

    h.advance(INTERVAL);
    assertThat(h.written()).containsExactly("8900");
    h.receive(h.peerFrame(Opcode.BINARY, new byte[] {7}));
    h.advance(PING_TIMEOUT);
    assertThat(h.channel.isOpen()).as("a data frame answers a ping as well as a pong does").isTrue();
    assertThat(h.endpoint.take()).containsExactly("text:alive", "binary:07");
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void silenceAfterTheKeepAlivePingDropsTcpWithATimeoutError(Role role) {
    open(role, KEEP_ALIVE);
    h.advance(INTERVAL);
    assertThat(h.written()).containsExactly("8900");

    waitOut(PING_TIMEOUT);

    assertThat(h.written()).as("the peer is gone: no close frame, just TCP").isEmpty();
    assertThat(h.endpoint.take()).containsExactly("error:HeartbeatTimeoutException", "close:1006");
    assertThat(h.ending()).isEqualTo(new Ending(1006, "", false, true, HeartbeatTimeoutException.class));
  }

  @Test
  void keepAliveIsOffByDefault() {
    open(Role.SERVER, LIMITS);
    h.advance(Duration.ofHours(1));
    assertThat(h.written()).isEmpty();
    assertThat(h.channel.isOpen()).isTrue();
  }

  @Test
  void noKeepAlivePingFollowsOurCloseFrame_5_5_1() {
    open(Role.SERVER, KEEP_ALIVE.withCloseTimeout(Duration.ofMinutes(1)));
    h.connection.close(1000, "");
    assertThat(h.written()).containsExactly("880203e8");
    h.advance(INTERVAL.multipliedBy(3));
    assertThat(h.written()).isEmpty();
    assertThat(h.channel.isOpen()).isTrue();
  }

  @Test
  void noFrameFromThePeerWithinIdleTimeoutClosesWith1001AndEachFrameStartsTheWaitAgain() {
    Duration idle = Duration.ofSeconds(30);
    open(Role.SERVER, LIMITS.withIdleTimeout(idle));
    h.advance(Duration.ofSeconds(20));
    h.receive(h.peerFrame(Opcode.TEXT, utf8("still here")));
    assertThat(h.endpoint.take()).containsExactly("text:still here");

    h.advance(idle.minus(TICK)); // measured from the frame, not from the start
    assertThat(h.written()).as("nothing before the timeout").isEmpty();
    h.advance(TICK);
    assertThat(h.written()).containsExactly(hex(Wire.frame(true, Opcode.CLOSE, closePayload(1001, "idle timeout"), false)));
    h.receive(h.peerFrame(Opcode.CLOSE, closePayload(1001, "")));
    assertThat(h.channel.isOpen()).isFalse();
    assertThat(h.ending()).isEqualTo(new Ending(1001, "", true, false, null));
  }
}
