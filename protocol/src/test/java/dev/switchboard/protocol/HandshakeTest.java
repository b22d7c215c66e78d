package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening handshake of RFC 6455 §4. */
class HandshakeTest {

  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  /**
   * The value RFC 6455 §1.3 gives (and {@code openssl sha1 -binary | base64} agrees). Beware the
   * corrupted "s3pPLMBiTxaQ9kYGzzhZK+xOo4w=" that circulates: it is not SHA-1 of anything here.
   */
  static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  /** Case-insensitive headers, each name with its values in order. */
  static final class Fields implements Handshake.Headers {
    final Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Fields add(String name, String value) {
      map.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    Fields remove(String name) {
      map.remove(name);
      return this;
    }

    Fields set(String name, String value) {
      return remove(name).add(name, value);
    }

    @Override
    public List<String> all(String name) {
      return map.getOrDefault(name, List.of());
    }
  }

  /** The request of RFC 6455 §1.2. */
  static Fields request() {
    return new Fields()
        .add("Host", "server.example.com")
        .add("Upgrade", "websocket")
        .add("Connection", "Upgrade")
        .add("Sec-WebSocket-Key", KEY)
        .add("Origin", "http://example.com")
        .add("Sec-WebSocket-Protocol", "chat, superchat")
        .add("Sec-WebSocket-Version", "13");
  }

  static Fields response() {
    return new Fields().add("Upgrade", "websocket").add("Connection", "Upgrade").add("Sec-WebSocket-Accept", ACCEPT);
  }

  @Test
  @DisplayName("RFC 6455 §1.3: the accept value for the sample key")
  void acceptKeyOfTheRfcExample() {
    assertThat(Handshake.acceptKey(KEY)).isEqualTo(ACCEPT);
    assertThat(Handshake.GUID).isEqualTo("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  }

  @Test
  @DisplayName("RFC 6455 §4.1: generated keys are base64 of 16 bytes from the given random source")
  void generatedKeysAreValid() {
    Set<String> seen = new HashSet<>();
    Random random = new Random(42);
    for (int i = 0; i < 100; i++) {
      String key = Handshake.generateKey(random);
      assertThat(Handshake.isValidKey(key)).as(key).isTrue();
      assertThat(Base64.getDecoder().decode(key)).hasSize(16);
      seen.add(key);
    }
    assertThat(seen).hasSize(100);
    byte[] nonce = new byte[16];
    new Random(7).nextBytes(nonce);
    assertThat(Handshake.generateKey(new Random(7))).isEqualTo(Base64.getEncoder().encodeToString(nonce));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
      "", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ===",
      "dGhlIHNhbXBsZSBub25jZ!==", "dGhlIHNhbXBsZSBub25jZ-==", "dGhlIHNhbXBsZSBub25j ZQ=",
      "AAAAAAAAAAAAAAAAAAAA====", "AAAAAAAAAAAAAAAAAAAAAAA=", "dGhlIHNhbXBsZSBub25jZQ==dGhl"})
  @DisplayName("RFC 6455 §4.1: a key that is not base64 of exactly 16 bytes is invalid")
  void invalidKeys(String key) {
    assertThat(Handshake.isValidKey(key)).isFalse();
  }

  @Test
  @DisplayName("RFC 6455 §4.1: null is not a key, and the sample key is")
  void nullAndSampleKey() {
    assertThat(Handshake.isValidKey(null)).isFalse();
    assertThat(Handshake.isValidKey(KEY)).isTrue();
  }

  // ---- the server's check of the request (§4.2.1) ----

  @Test
  @DisplayName("RFC 6455 §4.2.1: the sample request is a valid upgrade")
  void validRequest() {
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request())).isNull();
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1: header names and token values are case-insensitive, lists and spaces allowed")
  void headersAreCaseInsensitiveLists() {
    Fields f = new Fields()
        .add("host", "h")
        .add("UPGRADE", "h2c, WebSocket")
        .add("connection", "keep-alive, Upgrade")
        .add("sec-websocket-key", " " + KEY + " ")
        .add("Sec-WebSocket-Version", " 13 ");
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", f)).isNull();
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().set("Connection", "keep-alive").add("Connection", "upgrade")))
        .isNull();
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1 (1): a method other than GET is refused with 405")
  void methodMustBeGet() {
    assertThat(Handshake.checkRequest("POST", "HTTP/1.1", request()).status()).isEqualTo(405);
    assertThat(Handshake.checkRequest("get", "HTTP/1.1", request()).status()).isEqualTo(405);
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1 (1): HTTP/1.0 is refused with 400")
  void httpVersionMustBe11() {
    Handshake.Refusal r = Handshake.checkRequest("GET", "HTTP/1.0", request());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("HTTP/1.1");
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1 (2): no Host, or two, is refused with 400")
  void hostIsRequired() {
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().remove("Host")).status()).isEqualTo(400);
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().add("Host", "other")).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1 (3): an Upgrade header without 'websocket' is refused with 400")
  void upgradeMustNameWebsocket() {
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().remove("Upgrade")).status()).isEqualTo(400);
    Handshake.Refusal r = Handshake.checkRequest("GET", "HTTP/1.1", request().set("Upgrade", "h2c, websockets"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("Upgrade");
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1 (4): a Connection header without 'Upgrade' is refused with 400")
  void connectionMustIncludeUpgrade() {
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().remove("Connection")).status()).isEqualTo(400);
    Handshake.Refusal r = Handshake.checkRequest("GET", "HTTP/1.1", request().set("Connection", "keep-alive"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("Connection");
  }

  @Test
  @DisplayName("RFC 6455 §4.2.2, §4.4: a missing or other version is refused with 426")
  void versionMustBe13() {
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().remove("Sec-WebSocket-Version")).status()).isEqualTo(426);
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().set("Sec-WebSocket-Version", "8")).status()).isEqualTo(426);
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().add("Sec-WebSocket-Version", "8")).status()).isEqualTo(426);
  }

  @Test
  @DisplayName("RFC 6455 §4.2.1 (5): a missing, invalid or repeated key is refused with 400")
  void keyMustBeValid() {
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().remove("Sec-WebSocket-Key")).status()).isEqualTo(400);
    Handshake.Refusal r = Handshake.checkRequest("GET", "HTTP/1.1", request().set("Sec-WebSocket-Key", "dG9vIHNob3J0"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("Sec-WebSocket-Key");
    assertThat(Handshake.checkRequest("GET", "HTTP/1.1", request().add("Sec-WebSocket-Key", KEY)).status()).isEqualTo(400);
  }

  // ---- the client's check of the response (§4.1) ----

  @Test
  @DisplayName("RFC 6455 §4.1: the sample response is valid for the sample key")
  void validResponse() {
    assertThat(Handshake.checkResponse(KEY, response())).isNull();
    assertThat(Handshake.checkResponse(KEY, response().set("upgrade", "WebSocket").set("connection", "upgrade"))).isNull();
  }

  @Test
  @DisplayName("RFC 6455 §4.1: a response without Upgrade or Connection, or with the wrong accept, is refused")
  void invalidResponses() {
    assertThat(Handshake.checkResponse(KEY, response().remove("Upgrade"))).contains("Upgrade");
    assertThat(Handshake.checkResponse(KEY, response().set("Connection", "close"))).contains("Connection");
    assertThat(Handshake.checkResponse(KEY, response().remove("Sec-WebSocket-Accept"))).contains("Accept");
    assertThat(Handshake.checkResponse(KEY, response().set("Sec-WebSocket-Accept", Handshake.acceptKey("AAAAAAAAAAAAAAAAAAAAAA=="))))
        .contains("Accept");
    assertThat(Handshake.checkResponse(KEY, response().add("Sec-WebSocket-Accept", ACCEPT))).contains("Accept");
    assertThat(Handshake.checkResponse("AAAAAAAAAAAAAAAAAAAAAA==", response())).contains("Accept");
  }
}
