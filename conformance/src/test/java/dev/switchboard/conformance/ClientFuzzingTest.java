package dev.switchboard.conformance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.FuzzingPeer.Observation;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.ProtocolViolationException;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.WebSocketClient;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our client, run as Autobahn's client runner runs it (an echo endpoint), against {@link
 * FuzzingPeer} playing the behaviours of Autobahn's client-side cases (groups 1–7, 9, 10; see
 * {@link CaseTable}). Each case checks the whole outcome: what the client echoed, the close code
 * it sent, who dropped TCP, whether it failed fast, and what {@code onClose} reported.
 */
class ClientFuzzingTest {

  private static WebSocketClient client;

  @BeforeAll
  static void startClient() {
    client = WebSocketClient.builder().build();
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }

  static List<FuzzCase> cases() {
    return CaseTable.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void clientBehavesAsAutobahnExpects(FuzzCase c) throws Exception {
    EchoEndpoint endpoint = new EchoEndpoint();
    try (FuzzingPeer peer = FuzzingPeer.start(c)) {
      client.connect(peer.uri(), endpoint).get(5, SECONDS);
      Observation seen = peer.observation().get(30, SECONDS);
      CloseEvent closed = endpoint.closed.get(10, SECONDS);
      assertThat(Outcome.of(c, seen, closed, endpoint.closeCalls.get())).as(c.toString()).isEqualTo(Outcome.expected(c));
    }
  }

  @Test
  void caseIdsAreUniqueAndEveryGroupIsCovered() {
    assertThat(cases()).extracting(FuzzCase::id).doesNotHaveDuplicates();
    assertThat(cases().stream().map(FuzzCase::group).distinct())
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "9", "10");
  }

  /**
   * Everything a case checks, in one value so that a failure shows the whole picture.
   *
   * @param closeReason the reason {@code onClose} reports, when the peer closed first (when the
   *     client failed, the reason is its own diagnosis and not compared)
   * @param closedBeforeMessageEnd for fail-fast cases only: the client's close came before the
   *     rest of the offending message was sent
   * @param tcpDroppedBy "peer" or "client"
   * @param error what {@link CloseEvent#error()} says
   */
  record Outcome(
      List<Received> frames, Integer closeCodeSent, Boolean closedBeforeMessageEnd, String tcpDroppedBy,
      int onCloseCode, String closeReason, boolean wasClean, boolean remote, String error, int onCloseCalls,
      List<String> problems) {

    static Outcome expected(FuzzCase c) {
      FuzzCase.Expect e = c.expect();
      boolean peer = e.peerClosesFirst();
      return new Outcome(e.frames(), e.closeCode(), c.failsFast() ? true : null, peer ? "peer" : "client",
          e.closeCode(), e.closeReason(), peer, peer, peer ? null : violation(e.closeCode()), 1, List.of());
    }

    static Outcome of(FuzzCase c, Observation seen, CloseEvent closed, int onCloseCalls) {
      boolean peer = c.expect().peerClosesFirst();
      return new Outcome(seen.frames(), seen.closeCode(), c.failsFast() ? seen.closedWhileAwaited() : null,
          seen.clientDroppedTcp() ? "client" : "peer", closed.code(), peer ? closed.reason() : null,
          closed.wasClean(), closed.remote(), describe(closed.error()), onCloseCalls, seen.problems());
    }

    private static String violation(int code) {
      return "ProtocolViolationException(" + code + ")";
    }

    private static String describe(Throwable error) {
      if (error instanceof ProtocolViolationException p) {
        return violation(p.closeCode().code());
      }
      return error == null ? null : error.toString();
    }
  }

  /** Echoes every message, like Autobahn's client runner, and records the terminal event. */
  private static final class EchoEndpoint implements Endpoint {
    final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    final AtomicInteger closeCalls = new AtomicInteger();

    @Override
    public void onText(Session session, String text) {
      session.sendText(text);
    }

    @Override
    public void onBinary(Session session, ByteBuffer data) {
      session.sendBinary(data);
    }

    @Override
    public void onClose(Session session, CloseEvent event) {
      closeCalls.incrementAndGet();
      closed.complete(event);
    }
  }
}
