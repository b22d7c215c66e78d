package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate negotiation (RFC 7692 §5, §7.1): the server's choice among a client's
 * offers and its answer, and the client's check of that answer.
 */
class DeflateAgreementTest {

  private static final DeflateConfig DEFAULT = DeflateConfig.DEFAULT;

  /** The server's answer to {@code offers} as a header value, or null when it declines them all. */
  private static String serverAnswer(String offers, DeflateConfig config) {
    DeflateAgreement a = DeflateAgreement.negotiateAsServer(ExtensionOffer.parse(offers), config);
    return a == null ? null : a.serverAnswer().toHeaderValue();
  }

  private static DeflateAgreement clientCheck(String answer, DeflateConfig config) {
    return DeflateAgreement.checkServerAnswer(ExtensionOffer.parse(answer), config);
  }

  // ------------------------------------------------------------------ server

  @ParameterizedTest(name = "[{0}] is answered [{1}]")
  @CsvSource(delimiter = '|', value = {
      // §7.1: the default offer, as our client, OkHttp and Node's ws make it
      "permessage-deflate                                          | permessage-deflate",
      // §7.1.1: the context-takeover parameters are echoed (the server grants both)
      "permessage-deflate; client_no_context_takeover              | permessage-deflate; client_no_context_takeover",
      "permessage-deflate; server_no_context_takeover              | permessage-deflate; server_no_context_takeover",
      "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
          + " | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
      // §7.1.2.2: the client could honour a limit (no value) or uses a smaller window (a value);
      // our inflater takes any window, so the answer sets no limit. Chromium's offer is the first.
      "permessage-deflate; client_max_window_bits                  | permessage-deflate",
      "permessage-deflate; client_max_window_bits=8                | permessage-deflate",
      "permessage-deflate; client_max_window_bits=15               | permessage-deflate",
      // §7.1.2.1: 15 is the JDK deflater's own window, so it can be honoured
      "permessage-deflate; server_max_window_bits=15               | permessage-deflate",
      "permessage-deflate; server_max_window_bits=\"15\"           | permessage-deflate",
      // names are case-insensitive (RFC 6455 §9.1)
      "PerMessage-Deflate; Server_No_Context_Takeover              | permessage-deflate; server_no_context_takeover",
      // other extensions are ignored, deflate among them is found
      "x-webkit-deflate-frame, permessage-deflate                  | permessage-deflate",
      "foo; bar=1, permessage-deflate; client_no_context_takeover  | permessage-deflate; client_no_context_takeover",
      // §7.1.2.1: a smaller server window is granted (Huffman-only output) and must be answered
      "permessage-deflate; server_max_window_bits=10, permessage-deflate; server_no_context_takeover"
          + " | permessage-deflate; server_max_window_bits=10",
      "permessage-deflate; server_max_window_bits=8                | permessage-deflate; server_max_window_bits=8",
      // §5: a declined offer is passed over and the next acceptable one chosen, in the client's order
      "permessage-deflate; server_max_window_bits=16, permessage-deflate; server_no_context_takeover"
          + " | permessage-deflate; server_no_context_takeover",
      "permessage-deflate; mystery, permessage-deflate; client_max_window_bits, permessage-deflate"
          + " | permessage-deflate",
  })
  void acceptableOffersAreAnswered_7_1(String offers, String answer) {
    assertThat(serverAnswer(offers, DEFAULT)).isEqualTo(answer);
  }

  static Stream<String> unacceptableOffers() {
    return Stream.of(
        // §7: an unknown parameter, or a value where none is allowed
        "permessage-deflate; mystery",
        "permessage-deflate; mystery=1",
        "permessage-deflate; client_no_context_takeover=1",
        "permessage-deflate; server_no_context_takeover=true",
        // §7.1.2: window bits are 8-15, decimal without leading zeros, and server_max_window_bits needs one
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=015",
        "permessage-deflate; server_max_window_bits=abc",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; client_max_window_bits=08",
        "permessage-deflate; client_max_window_bits=-9",
        "permessage-deflate; client_max_window_bits=abc",
        "permessage-deflate; client_max_window_bits=100",
        // no permessage-deflate at all
        "x-webkit-deflate-frame",
        "deflate-frame; no_context_takeover",
        "");
  }

  @ParameterizedTest(name = "[{0}] is declined")
  @MethodSource("unacceptableOffers")
  void offersWeCannotHonourOrThatAreMalformedAreDeclined_7(String offers) {
    assertThat(serverAnswer(offers, DEFAULT)).isNull();
  }

  @ParameterizedTest(name = "server_max_window_bits={0} is granted and answered")
  @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
  void aSmallServerWindowIsGrantedAndAnswered_7_1_2_1(int bits) {
    DeflateAgreement a = DeflateAgreement.negotiateAsServer(ExtensionOffer.parse(
        "permessage-deflate; server_max_window_bits=" + bits + "; client_no_context_takeover,"
            + " permessage-deflate; client_max_window_bits"), DEFAULT);
    assertThat(a).isEqualTo(new DeflateAgreement(false, true, bits, 15));
    assertThat(a.maxWindowBits(Role.SERVER)).isEqualTo(bits);
    assertThat(a.serverAnswer().toHeaderValue())
        .isEqualTo("permessage-deflate; client_no_context_takeover; server_max_window_bits=" + bits);
  }

  @Test
  void theServersConfigurationAddsContextTakeoverParametersNobodyOffered_7_1_1() {
    assertThat(serverAnswer("permessage-deflate", DEFAULT.withNoContextTakeover(true)))
        .isEqualTo("permessage-deflate; server_no_context_takeover");
    assertThat(serverAnswer("permessage-deflate", DEFAULT.withRequestPeerNoContextTakeover(true)))
        .isEqualTo("permessage-deflate; client_no_context_takeover");
  }

  // ------------------------------------------------------------------ client

  @ParameterizedTest(name = "{0} offers [{1}]")
  @CsvSource(delimiter = '|', value = {
      "false | false | permessage-deflate; client_max_window_bits",
      "true  | false | permessage-deflate; client_no_context_takeover; client_max_window_bits",
      "false | true  | permessage-deflate; server_no_context_takeover; client_max_window_bits",
      "true  | true  | permessage-deflate; client_no_context_takeover; server_no_context_takeover; client_max_window_bits"})
  void theClientOffersItsContextTakeoverWishesAndLetsTheServerSetItsWindow_7_1_2_2(
      boolean ours, boolean peers, String offer) {
    DeflateConfig config = DEFAULT.withNoContextTakeover(ours).withRequestPeerNoContextTakeover(peers);
    assertThat(DeflateAgreement.clientOffer(config).toHeaderValue()).isEqualTo(offer);
  }

  /** Both ends reach the same agreement for every combination of their configurations. */
  @Test
  void clientAndServerAgreeWhateverEitherAsks() {
    boolean[] flags = {false, true};
    for (boolean cOurs : flags) {
      for (boolean cPeers : flags) {
        for (boolean sOurs : flags) {
          for (boolean sPeers : flags) {
            DeflateConfig client = DEFAULT.withNoContextTakeover(cOurs).withRequestPeerNoContextTakeover(cPeers);
            DeflateConfig server = DEFAULT.withNoContextTakeover(sOurs).withRequestPeerNoContextTakeover(sPeers);
            DeflateAgreement onServer = DeflateAgreement.negotiateAsServer(
                List.of(DeflateAgreement.clientOffer(client)), server);
            DeflateAgreement onClient = DeflateAgreement.checkServerAnswer(
                List.of(onServer.serverAnswer()), client);
            assertThat(onClient).as("client %s, server %s", client, server).isEqualTo(onServer);
            assertThat(onServer.serverNoContextTakeover()).isEqualTo(sOurs || cPeers);
            assertThat(onServer.clientNoContextTakeover()).isEqualTo(cOurs || sPeers);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', value = {
      "permessage-deflate                                            | false | false | 15",
      "permessage-deflate; server_no_context_takeover                | true  | false | 15",
      "permessage-deflate; client_no_context_takeover                | false | true  | 15",
      // §7.1.2.1: the server may limit its own window unasked; any window can be inflated
      "permessage-deflate; server_max_window_bits=10                 | false | false | 10",
      "permessage-deflate; server_max_window_bits=8                  | false | false | 8",
      "Permessage-Deflate; Server_Max_Window_Bits=\"9\"              | false | false | 9"})
  void validAnswersGiveTheAgreement_7_1(String answer, boolean serverNoContext, boolean clientNoContext, int serverBits) {
    assertThat(clientCheck(answer, DEFAULT))
        .isEqualTo(new DeflateAgreement(serverNoContext, clientNoContext, serverBits, 15));
  }

  @ParameterizedTest(name = "client_max_window_bits={0}")
  @ValueSource(ints = {8, 9, 12, 15})
  void theServerMaySetTheClientsWindowWhichWeHonour_7_1_2_2(int bits) {
    DeflateAgreement a = clientCheck("permessage-deflate; client_max_window_bits=" + bits, DEFAULT);
    assertThat(a.maxWindowBits(Role.CLIENT)).isEqualTo(bits);
  }

  @Test
  void anAnswerWithoutTheServerNoContextTakeoverWeAskedForMeansTheServerKeepsItsContext_7_1_1_1() {
    DeflateConfig config = DEFAULT.withRequestPeerNoContextTakeover(true).withNoContextTakeover(true);
    assertThat(clientCheck("permessage-deflate", config)).isEqualTo(new DeflateAgreement(false, true, 15, 15));
  }

  @ParameterizedTest(name = "[{0}] fails: {1}")
  @CsvSource(delimiter = '|', value = {
      // §7.1.2.2: an answer's client_max_window_bits needs a value of 8-15
      "permessage-deflate; client_max_window_bits                    | client_max_window_bits must be 8-15",
      "permessage-deflate; client_max_window_bits=16                 | client_max_window_bits must be 8-15",
      "permessage-deflate; mystery                                   | unknown permessage-deflate parameter 'mystery'",
      "permessage-deflate; server_no_context_takeover=1              | takes no value",
      "permessage-deflate; client_no_context_takeover=true           | takes no value",
      "permessage-deflate; server_max_window_bits                    | server_max_window_bits must be 8-15",
      "permessage-deflate; server_max_window_bits=7                  | server_max_window_bits must be 8-15",
      "permessage-deflate; server_max_window_bits=16                 | server_max_window_bits must be 8-15",
      "permessage-deflate; server_max_window_bits=08                 | server_max_window_bits must be 8-15",
      "permessage-deflate; server_max_window_bits=abc                | server_max_window_bits must be 8-15",
      // RFC 6455 §9.1: the server answers with at most what we offered, once
      "permessage-deflate, permessage-deflate                        | we offered only",
      "permessage-deflate, x-foo                                     | we offered only",
      "x-foo                                                         | we offered only",
      "x-webkit-deflate-frame                                        | we offered only"})
  void answersWeCannotAcceptAreRejected_7_1(String answer, String message) {
    assertThatThrownBy(() -> clientCheck(answer, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
