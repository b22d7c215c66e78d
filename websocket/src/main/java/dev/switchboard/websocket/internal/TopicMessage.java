package dev.switchboard.websocket.internal;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One published message, framed once: the plain frame and, per compressor window, a frame
 * compressed once for every subscriber whose compressor keeps no context. Each event loop fans it
 * out by writing retained duplicates of these buffers; the last loop to finish releases them and
 * completes {@link #done} with the number of sessions reached. Thread-safe.
 */
final class TopicMessage {

  final String topic;
  final ByteBuf plain;
  /** Index: window bits 8-15; null where no subscriber needed it or compressing did not shrink it. */
  private final ByteBuf[] compressed;
  private final AtomicInteger loopsLeft;
  private final AtomicInteger reached = new AtomicInteger();
  final CompletableFuture<Integer> done = new CompletableFuture<>();

  TopicMessage(String topic, ByteBuf plain, ByteBuf[] compressed, int loops) {
    this.topic = topic;
    this.plain = plain;
    this.compressed = compressed;
    this.loopsLeft = new AtomicInteger(loops);
  }

  /** The frame for a subscriber that compresses with {@code windowBits} and no context, or the plain one. */
  ByteBuf frameFor(int windowBits) {
    ByteBuf c = compressed == null || windowBits < 0 ? null : compressed[windowBits];
    return c != null ? c : plain;
  }

  /**
   * A session's verdict on this message waits for its loop's next I/O poll ({@link
   * TopicMembership}): the message stays alive, and {@link #done} waits, until that session's
   * {@link #loopDone}(0 or 1) too. Called on a loop before that loop's own {@code loopDone}.
   */
  void holdVerdict() {
    loopsLeft.incrementAndGet();
  }

  /** One loop has written the message to {@code sessions} of its subscribers (or one held verdict is in). */
  void loopDone(int sessions) {
    reached.addAndGet(sessions);
    if (loopsLeft.decrementAndGet() == 0) {
      plain.release();
      if (compressed != null) {
        for (ByteBuf c : compressed) {
          if (c != null) {
            c.release();
          }
        }
      }
      done.complete(reached.get());
    }
  }
}
