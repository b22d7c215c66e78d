package dev.switchboard.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Message;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate (RFC 7692) with foreign peers: Node's ws compressing every message, as client
 * of our compressing server and as server of our compressing client, and headless Chromium, which
 * always offers it, against our server. Our end reports the agreement; messages from empty to
 * 1 MiB, compressible or not, cross compressed both ways. (The interop matrix runs all its
 * scenarios over these pairings too.)
 */
@Timeout(60)
class DeflateInteropTest {

  private static final Peers PEERS = new Peers();
  private static final int MIB = 1 << 20;

  static List<Pairing> pairings() {
    return Pairing.DEFLATE;
  }

  @AfterAll
  static void stopPeers() throws Exception {
    PEERS.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void bothEndsAgreeOnPermessageDeflate_7_1(Pairing p) throws Exception {
    try (Link link = Link.open(PEERS, p)) {
      // Chromium offers "permessage-deflate; client_max_window_bits", ws and we "permessage-deflate":
      // the answer sets no window and keeps context takeover either way.
      assertThat(((OurSide) link.ours()).session().extensions()).isEqualTo("permessage-deflate");
    }
  }

  /** Echoed by the server, so each message crosses compressed in both directions. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pairings")
  void messagesFromEmptyToOneMebibyteCrossCompressedBothWays_7_2(Pairing p) throws Exception {
    try (Link link = Link.open(PEERS, p)) {
      link.client().sendText("");
      link.client().sendText(Payloads.TEXT);
      link.client().sendBinary(Payloads.BINARY);
      link.client().sendLarge(MessageType.TEXT, MIB);
      link.client().sendLarge(MessageType.BINARY, MIB);
      link.client().sendText(Payloads.TEXT.repeat(3));
      for (Side side : List.of(link.server(), link.client())) {
        assertThat(side.events().next(Message.class).text()).as(side.name()).isEmpty();
        assertThat(side.events().next(Message.class).text()).as(side.name()).isEqualTo(Payloads.TEXT);
        assertThat(side.events().next(Message.class).data()).as(side.name()).isEqualTo(Payloads.BINARY);
        side.events().nextLarge(MessageType.TEXT, MIB);
        side.events().nextLarge(MessageType.BINARY, MIB);
        assertThat(side.events().next(Message.class).text()).as(side.name()).isEqualTo(Payloads.TEXT.repeat(3));
      }
    }
  }
}
