package dev.switchboard.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the peer does after the opening handshake, step by step: write bytes (flushed in chunks of
 * a given size, so the client reads them in as many pieces), and wait for the client. Built
 * fluently by the case tables; not thread-safe, and handed to the peer as an immutable list.
 */
final class Script {

  /** One thing the peer does. */
  sealed interface Step permits Write, AwaitFrames, AwaitClientClose {}

  /**
   * Writes {@code bytes}, one flushed write per {@code chunkBytes}; if {@code withUpgrade}, in
   * the same write as the 101 answer.
   */
  record Write(byte[] bytes, int chunkBytes, boolean withUpgrade) implements Step {
    @Override
    public String toString() {
      return "Write[" + bytes.length + " B in chunks of " + chunkBytes + (withUpgrade ? ", behind the 101" : "") + "]";
    }
  }

  /** Waits until the client has sent {@code count} frames (messages, pings, pongs) in all. */
  record AwaitFrames(int count) implements Step {}

  /**
   * Waits for the client's close frame before going on: the rest of the script is what the
   * client must not wait for (Autobahn's "fail fast" cases 6.4.x).
   */
  record AwaitClientClose() implements Step {}

  /** How a run of frames is cut into writes, as Autobahn's case variants do. */
  enum Delivery {
    /** All frames in one write. */
    AT_ONCE,
    /** One write per frame ("sync" in Autobahn). */
    FRAME_BY_FRAME,
    /** One write per byte ("chopped"). */
    BYTE_BY_BYTE
  }

  private final List<Step> steps = new ArrayList<>();

  private Script() {}

  static Script script() {
    return new Script();
  }

  /** Writes {@code frames} in one go. */
  Script send(byte[]... frames) {
    return chunked(Integer.MAX_VALUE, frames);
  }

  /** Writes {@code frames} as {@code delivery} says. */
  Script send(Delivery delivery, byte[]... frames) {
    switch (delivery) {
      case FRAME_BY_FRAME:
        for (byte[] f : frames) {
          send(f);
        }
        return this;
      case BYTE_BY_BYTE:
        return chunked(1, frames);
      default:
        return send(frames);
    }
  }

  /** Writes {@code frames} back to back, in flushed writes of {@code chunkBytes}. */
  Script chunked(int chunkBytes, byte[]... frames) {
    steps.add(new Write(Wire.concat(frames), chunkBytes, false));
    return this;
  }

  /**
   * Writes {@code frames} in the same write as the 101 answer, so that they reach the client in
   * the read that completes its handshake (as from servers that buffer their writes, Twisted's
   * Autobahn among them). Only as the first step.
   */
  Script sendWithUpgrade(byte[]... frames) {
    if (!steps.isEmpty()) {
      throw new IllegalStateException("frames can ride with the 101 answer only in the first step");
    }
    steps.add(new Write(Wire.concat(frames), Integer.MAX_VALUE, true));
    return this;
  }

  Script awaitFrames(int count) {
    steps.add(new AwaitFrames(count));
    return this;
  }

  Script awaitClientClose() {
    steps.add(new AwaitClientClose());
    return this;
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }
}
