package dev.switchboard.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permessage-deflate parameters both sides agreed on (RFC 7692 §7.1), and the negotiation
 * that leads to them. Immutable and thread-safe.
 *
 * @param serverNoContextTakeover the server resets its compressor after each message
 * @param clientNoContextTakeover the client resets its compressor after each message
 * @param serverMaxWindowBits the window the server compresses with (8–15)
 * @param clientMaxWindowBits the window the client compresses with (8–15)
 */
public record DeflateAgreement(
    boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {

  public static final String NAME = "permessage-deflate";

  /** Whether {@code role}'s compressor must be reset after every message. */
  public boolean noContextTakeover(Role role) {
    return role == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
  }

  /**
   * A server's choice among a client's offers (RFC 7692 §5): the first offer of
   * permessage-deflate that is well-formed, or null to decline them all (the connection then goes
   * on uncompressed). Offers with unknown parameters or bad values are skipped. A
   * {@code server_max_window_bits} below 15 is granted: see {@link MessageDeflater}. (A header with
   * a repeated parameter does not parse into offers at all; the server then declines everything.)
   */
  public static DeflateAgreement negotiateAsServer(List<ExtensionOffer> offers, DeflateConfig config) {
    for (ExtensionOffer offer : offers) {
      if (!NAME.equalsIgnoreCase(offer.name())) {
        continue;
      }
      DeflateAgreement a = fromOffer(offer.params(), config);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private static DeflateAgreement fromOffer(Map<String, String> params, DeflateConfig config) {
    boolean serverNoContext = config.noContextTakeover();
    boolean clientNoContext = config.requestPeerNoContextTakeover();
    int serverBits = 15;
    for (Map.Entry<String, String> p : params.entrySet()) {
      String v = p.getValue();
      switch (p.getKey().toLowerCase(java.util.Locale.ROOT)) {
        case "server_no_context_takeover":
          if (v != null) {
            return null;
          }
          serverNoContext = true;
          break;
        case "client_no_context_takeover":
          if (v != null) {
            return null;
          }
          clientNoContext = true;
          break;
        case "server_max_window_bits":
          serverBits = windowBits(v); // a value is required (§7.1.2.1)
          if (serverBits < 0) {
            return null;
          }
          break;
        case "client_max_window_bits":
          // The client may compress with a smaller window, or could honour a limit (no value);
          // our inflater takes any window, so we set no limit in the answer.
          if (v != null && windowBits(v) < 0) {
            return null;
          }
          break;
        default:
          return null; // unknown parameter: decline this offer (§7)
      }
    }
    return new DeflateAgreement(serverNoContext, clientNoContext, serverBits, 15);
  }

  /** The window {@code role} compresses with. */
  public int maxWindowBits(Role role) {
    return role == Role.SERVER ? serverMaxWindowBits : clientMaxWindowBits;
  }

  /** The client's offer for {@code config}. */
  public static ExtensionOffer clientOffer(DeflateConfig config) {
    Map<String, String> params = new LinkedHashMap<>();
    if (config.noContextTakeover()) {
      params.put("client_no_context_takeover", null);
    }
    if (config.requestPeerNoContextTakeover()) {
      params.put("server_no_context_takeover", null);
    }
    // We can honour any window the server sets for us (Huffman-only below 15 bits, see
    // MessageDeflater), so we let it (§7.1.2.2).
    params.put("client_max_window_bits", null);
    return new ExtensionOffer(NAME, params);
  }

  /**
   * Checks a server's answer to {@link #clientOffer} (RFC 7692 §7.1). Returns the agreement, or
   * throws if the answer is not one we can accept, in which case the client must fail the
   * connection.
   *
   * @throws IllegalArgumentException saying what was wrong with the answer
   */
  public static DeflateAgreement checkServerAnswer(List<ExtensionOffer> answer, DeflateConfig config) {
    if (answer.size() != 1 || !NAME.equalsIgnoreCase(answer.get(0).name())) {
      throw new IllegalArgumentException("the server answered with extensions " + answer + "; we offered only " + NAME);
    }
    boolean serverNoContext = false;
    boolean clientNoContext = config.noContextTakeover();
    int serverBits = 15;
    int clientBits = 15;
    for (Map.Entry<String, String> p : answer.get(0).params().entrySet()) {
      String v = p.getValue();
      switch (p.getKey().toLowerCase(java.util.Locale.ROOT)) {
        case "server_no_context_takeover":
          requireNoValue(p.getKey(), v);
          serverNoContext = true;
          break;
        case "client_no_context_takeover":
          requireNoValue(p.getKey(), v);
          clientNoContext = true;
          break;
        case "server_max_window_bits":
          serverBits = windowBits(v);
          if (serverBits < 0) {
            throw new IllegalArgumentException("server_max_window_bits must be 8-15, was " + v);
          }
          break;
        case "client_max_window_bits":
          clientBits = windowBits(v); // a value is required in an answer (§7.1.2.2)
          if (clientBits < 0) {
            throw new IllegalArgumentException("client_max_window_bits must be 8-15, was " + v);
          }
          break;
        default:
          throw new IllegalArgumentException("unknown permessage-deflate parameter '" + p.getKey() + "'");
      }
    }
    // If we asked for server_no_context_takeover and the server left it out, it declined
    // (§7.1.1.1): our inflater simply keeps its context.
    return new DeflateAgreement(serverNoContext, clientNoContext, serverBits, clientBits);
  }

  private static void requireNoValue(String name, String value) {
    if (value != null) {
      throw new IllegalArgumentException(name + " takes no value, was " + value);
    }
  }

  /**
   * 8–15 from a parameter value, or -1 if absent or invalid: a decimal integer without leading
   * zeros (RFC 7692 §7.1.2.1, §7.1.2.2), so "08" is invalid.
   */
  private static int windowBits(String v) {
    if (v == null || v.isEmpty() || v.length() > 2 || v.charAt(0) == '0'
        || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int bits = Integer.parseInt(v);
    return bits >= 8 && bits <= 15 ? bits : -1;
  }

  /** The server's response header element for this agreement. */
  public ExtensionOffer serverAnswer() {
    Map<String, String> params = new LinkedHashMap<>();
    if (serverNoContextTakeover) {
      params.put("server_no_context_takeover", null);
    }
    if (clientNoContextTakeover) {
      params.put("client_no_context_takeover", null);
    }
    if (serverMaxWindowBits < 15) {
      params.put("server_max_window_bits", Integer.toString(serverMaxWindowBits)); // required (§7.1.2.1)
    }
    return new ExtensionOffer(NAME, params);
  }

}
