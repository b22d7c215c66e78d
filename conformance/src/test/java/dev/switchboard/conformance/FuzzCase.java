package dev.switchboard.conformance;

import dev.switchboard.conformance.Script.Step;
import java.util.List;

/**
 * One row of the case table: what the peer sends and what a conforming client does about it,
 * like one of Autobahn's client-side cases and its expected "behavior". Immutable.
 *
 * @param id unique; Autobahn's case id where the row is that case, with a suffix for variants
 * @param description what is sent and expected, citing the Autobahn case it mirrors
 * @param steps the peer's script after the handshake
 * @param expect the outcome
 */
record FuzzCase(String id, String description, List<Step> steps, Expect expect) {

  /**
   * The outcome of a case.
   *
   * @param frames what the client sends before its close frame, in order
   * @param closeCode the code in the client's close frame (1005 for a close frame without body),
   *     and the code its {@code onClose} reports
   * @param closeReason the reason {@code onClose} reports when the peer closed first; null when
   *     the client fails the connection (its reason is its own diagnosis)
   * @param peerClosesFirst true when the peer starts the closing handshake: the client echoes
   *     the close, waits for the peer to drop TCP (RFC 6455 §7.1.1) and reports a clean close.
   *     False when the client must fail the connection: it sends {@code closeCode}, drops TCP
   *     itself and reports the protocol violation.
   */
  record Expect(List<Received> frames, int closeCode, String closeReason, boolean peerClosesFirst) {}

  /**
   * The client echoes {@code frames}; the peer then closes with 1000, as Autobahn's server does
   * once a case's messages are back.
   */
  static FuzzCase echoes(String id, String description, Script script, Received... frames) {
    List<Step> steps = script.awaitFrames(frames.length).send(Wire.close(1000, "")).steps();
    return new FuzzCase(id, description, steps, new Expect(List.of(frames), 1000, "", true));
  }

  /** The script ends with the peer's close frame, which the client echoes with {@code code}. */
  static FuzzCase closes(String id, String description, Script script, int code, String reason, Received... frames) {
    return new FuzzCase(id, description, script.steps(), new Expect(List.of(frames), code, reason, true));
  }

  /** The client fails the connection with {@code code} after sending {@code frames}. */
  static FuzzCase fails(String id, String description, Script script, int code, Received... frames) {
    return new FuzzCase(id, description, script.steps(), new Expect(List.of(frames), code, null, false));
  }

  /** Whether the script waits for the client's close before the offending message is complete. */
  boolean failsFast() {
    return steps.stream().anyMatch(s -> s instanceof Script.AwaitClientClose);
  }

  /** The major case number, "6" for "6.4.1": Autobahn's group. */
  String group() {
    int dot = id.indexOf('.');
    return dot < 0 ? id : id.substring(0, dot);
  }

  @Override
  public String toString() {
    return id + ": " + description;
  }
}
