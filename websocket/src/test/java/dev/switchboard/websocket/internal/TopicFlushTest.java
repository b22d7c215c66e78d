package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.SlowConsumerPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a loop flushes its subscribers after a fan-out ({@link Topics.Loop}): in chunks of
 * {@link Topics#FLUSH_CHUNK} sessions with the loop's I/O between them, so that a message
 * published during a round leaves in the same write as the earlier ones for every session not
 * yet flushed. Each subscriber is an {@link EmbeddedChannel}; the loop's "after I/O" step is run
 * by hand, so the test decides exactly where in a round the next message is published.
 */
@ExtendWith(FailOnLeaks.class)
class TopicFlushTest {

  /** Chunks the loop asked to run after its next I/O poll, not yet run. */
  private final ArrayDeque<Runnable> afterIo = new ArrayDeque<>();
  /** Lends its embedded event loop (the test's thread) to the topics table. */
  private final EmbeddedChannel loopChannel = new EmbeddedChannel();
  private final Topics topics = new Topics(List.of(loopChannel.eventLoop()), null, SlowConsumerPolicy.CLOSE,
      ByteBufAllocator.DEFAULT, afterIo::add);
  private final List<Subscriber> subscribers = new ArrayList<>();

  /** One server session subscribed to topic "t"; records what each flush carried to the socket. */
  private final class Subscriber extends ChannelOutboundHandlerAdapter {
    final EmbeddedChannel channel;
    final NettyConnection connection;
    private final StringBuilder sinceFlush = new StringBuilder();
    private int writesSinceFlush;
    /** Per flush that carried bytes: the bytes as hex. */
    final List<String> flushes = new ArrayList<>();
    /** Per flush that carried bytes: how many buffers it wrote. */
    final List<Integer> writesPerFlush = new ArrayList<>();
    /** The capacity of every buffer written: a copy goes into a batch of at least Outbound.BATCH_BYTES. */
    final List<Integer> capacities = new ArrayList<>();

    Subscriber(Limits limits) {
      this(limits, new EmbeddedChannel());
    }

    Subscriber(Limits limits, EmbeddedChannel channel) {
      this.channel = channel;
      channel.freezeTime();
      connection = new NettyConnection(Role.SERVER, channel, new Endpoint() {}, limits, URI.create("/t"), "", null,
          null);
      channel.pipeline().addLast(this);
      channel.pipeline().addLast(SessionHandler.NAME, new SessionHandler(connection));
      connection.attachTopics(topics.forLoop(loopChannel.eventLoop()));
      connection.open();
      connection.subscribe("t");
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      sinceFlush.append(ByteBufUtil.hexDump((ByteBuf) msg));
      writesSinceFlush++;
      capacities.add(((ByteBuf) msg).capacity());
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (sinceFlush.length() > 0) {
        flushes.add(sinceFlush.toString());
        sinceFlush.setLength(0);
        writesPerFlush.add(writesSinceFlush);
        writesSinceFlush = 0;
      }
      ctx.flush();
    }

    /** Releases what reached the channel. */
    void drain() {
      ByteBuf b;
      while ((b = channel.readOutbound()) != null) {
        b.release();
      }
    }
  }

  /**
   * A socket whose peer takes nothing until {@link #takeEverything}: flushed bytes stay in the
   * channel's outbound buffer, as on io_uring until the loop's next I/O poll submits the write, or
   * on any transport while the peer does not read.
   */
  private static final class StalledChannel extends EmbeddedChannel {
    private boolean taking;

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
      if (taking) {
        super.doWrite(in);
      }
    }

    /** The kernel takes every byte flushed so far. */
    void takeEverything() {
      taking = true;
      try {
        unsafe().flush();
      } finally {
        taking = false;
      }
    }
  }

  private Subscriber stalledSubscriber(Limits limits) {
    Subscriber s = new Subscriber(limits, new StalledChannel());
    subscribers.add(s);
    return s;
  }

  /** Runs the tasks the loop left for after its next I/O poll (flush chunks, verdicts). */
  private void runAfterIo() {
    Runnable r;
    while ((r = afterIo.poll()) != null) {
      r.run();
    }
  }

  private List<Subscriber> subscribe(int n, Limits limits) {
    for (int i = 0; i < n; i++) {
      subscribers.add(new Subscriber(limits));
    }
    return subscribers;
  }

  @AfterEach
  void close() {
    for (Subscriber s : subscribers) {
      s.drain();
      s.channel.finishAndReleaseAll();
    }
    loopChannel.finishAndReleaseAll();
  }

  /** A text frame from the server (unmasked, FIN): 0x81, the length, the bytes. */
  private static String frame(String text) {
    String length = text.length() < 126 ? String.format("%02x", text.length())
        : String.format("7e%04x", text.length());
    return "81" + length + ByteBufUtil.hexDump(text.getBytes());
  }

  private void publish(String text) {
    topics.publish("t", text);
  }

  /** Runs the loop's queued tasks: a fan-out's first flush chunk. */
  private void runLoopTasks() {
    loopChannel.runPendingTasks();
  }

  /** Runs the chunk the loop left for after its next I/O poll; there must be one. */
  private void runNextChunk() {
    assertThat(afterIo).as("a chunk waits for the loop's next I/O poll").hasSize(1);
    afterIo.poll().run();
  }

  @Test
  void aRoundFlushesAChunkOfSessionsThenLetsTheLoopPollItsIoBeforeTheNext() {
    int n = Topics.FLUSH_CHUNK * 2 + 10;
    List<Subscriber> subs = subscribe(n, Limits.DEFAULT);
    publish("a");
    Topics.Loop table = topics.forLoop(loopChannel.eventLoop());
    assertThat(table.waitingForFlush()).isEqualTo(n);

    runLoopTasks();
    assertThat(table.waitingForFlush()).as("one chunk flushed in the fan-out's loop turn").isEqualTo(n - Topics.FLUSH_CHUNK);
    assertThat(subs.get(Topics.FLUSH_CHUNK - 1).flushes).containsExactly(frame("a"));
    assertThat(subs.get(Topics.FLUSH_CHUNK).flushes).as("not yet: after the loop's next I/O poll").isEmpty();

    runNextChunk();
    runNextChunk();
    assertThat(afterIo).as("the round is over").isEmpty();
    assertThat(table.waitingForFlush()).isZero();
    for (Subscriber s : subs) {
      assertThat(s.flushes).containsExactly(frame("a"));
    }
  }

  @Test
  void aMessagePublishedDuringARoundLeavesInOneWriteWithTheEarlierOneForSessionsNotYetFlushed() {
    int n = Topics.FLUSH_CHUNK + 36;
    List<Subscriber> subs = subscribe(n, Limits.DEFAULT);
    publish("a");
    runLoopTasks(); // the first chunk: subscribers 0..63 have "a"
    publish("b"); // what the loop read between chunks
    publish("c");

    runNextChunk(); // 64..99 with a, b and c; then 0..27 with b and c
    runNextChunk(); // 28..63 with b and c
    assertThat(afterIo).isEmpty();
    for (int i = 0; i < n; i++) {
      Subscriber s = subs.get(i);
      if (i < Topics.FLUSH_CHUNK) {
        assertThat(s.flushes).as("subscriber %d, flushed before b was published", i)
            .containsExactly(frame("a"), frame("b") + frame("c"));
      } else {
        assertThat(s.flushes).as("subscriber %d, still waiting when b and c came", i)
            .containsExactly(frame("a") + frame("b") + frame("c"));
      }
    }
  }

  @Test
  void aSessionThatClosesWhileWaitingForItsTurnIsFlushedWithoutHarmAndTheOthersStillGetTheMessage() {
    int n = Topics.FLUSH_CHUNK + 2;
    List<Subscriber> subs = subscribe(n, Limits.DEFAULT);
    publish("a");
    Subscriber last = subs.get(n - 1);
    runLoopTasks();
    last.connection.close(1001, "going away"); // waits in the FIFO, then closes: frames written in order
    runNextChunk();
    assertThat(afterIo).isEmpty();
    assertThat(String.join("", last.flushes)).as("the topic frame, then the close frame")
        .isEqualTo(frame("a") + "880c03e9" + ByteBufUtil.hexDump("going away".getBytes()));
    for (Subscriber s : subs.subList(0, n - 1)) {
      assertThat(s.flushes).containsExactly(frame("a"));
    }
  }

  @Test
  void smallTopicFramesLeaveInOneBufferPerFlushAndLargeOnesAsTheSharedFrame() {
    Subscriber s = subscribe(1, Limits.DEFAULT).get(0);
    String large = "x".repeat(Outbound.COPY_SHARED_UP_TO_BYTES);
    publish("a");
    publish("b");
    publish(large);
    publish("c");
    assertThat(s.connection.bufferedAmount()).as("counted while waiting for the flush")
        .isEqualTo(3 * 3 + 4 + large.length());
    runLoopTasks();
    assertThat(s.flushes).containsExactly(frame("a") + frame("b") + frame(large) + frame("c"));
    assertThat(s.writesPerFlush).as("a and b copied together, the large frame shared, c alone").containsExactly(3);
    assertThat(s.capacities.get(0)).as("a and b: a batch").isGreaterThanOrEqualTo(Outbound.BATCH_BYTES);
    assertThat(s.capacities.get(2)).as("c: the shared frame itself, smaller than any batch")
        .isLessThan(Outbound.BATCH_BYTES);
    assertThat(s.connection.bufferedAmount()).isZero();
  }

  @Test
  void aLoneSmallTopicFrameIsWrittenAsTheSharedFrameWithoutABufferOfItsOwn() {
    List<Subscriber> subs = subscribe(3, Limits.DEFAULT);
    publish("a");
    assertThat(subs.get(0).connection.bufferedAmount()).as("counted while held back for the flush").isEqualTo(3);
    runLoopTasks();
    for (Subscriber s : subs) {
      assertThat(s.flushes).containsExactly(frame("a"));
      assertThat(s.capacities).as("one buffer: the shared frame, smaller than any batch").hasSize(1)
          .allMatch(c -> c < Outbound.BATCH_BYTES);
      assertThat(s.connection.bufferedAmount()).isZero();
    }
  }

  @Test
  void copiedTopicFramesWaitingForTheirFlushCountAgainstMaxBufferedBytesAndTheSlowConsumerIsClosedWith1013() {
    Subscriber s = stalledSubscriber(Limits.DEFAULT.withMaxBufferedBytes(1024));
    String hundred = "y".repeat(98); // a 100-byte frame
    for (int i = 0; i < 10; i++) {
      publish(hundred);
    }
    assertThat(s.connection.bufferedAmount()).isEqualTo(1000);
    CompletableFuture<Integer> eleventh = topics.publish("t", hundred); // 1,100 bytes would be buffered
    runLoopTasks();
    assertThat(s.connection.readyState()).as("the verdict waits for the loop's next I/O poll").isEqualTo(ReadyState.OPEN);
    assertThat(eleventh).isNotDone();
    runAfterIo(); // the peer still has not taken a byte: the policy (CLOSE) closes with 1013
    assertThat(eleventh).isCompletedWithValue(0);
    String wire = String.join("", s.flushes);
    String tenFrames = frame(hundred).repeat(10);
    assertThat(wire).as("ten frames, then the close frame").startsWith(tenFrames);
    assertThat(wire.substring(tenFrames.length())).as("close (0x88), its length, code 1013").matches("88..03f5.*");
    assertThat(s.connection.readyState()).isNotEqualTo(ReadyState.OPEN);
  }

  @Test
  void aTopicMessageOverTheLimitIsJudgedAfterTheLoopsIoPollSoBytesTheSocketThenTookDoNotCount() {
    // io_uring: bytes flushed in this loop turn leave the channel's buffer only after the next I/O
    // poll; counting them then would close (or drop for) a subscriber that keeps up.
    StalledChannel socket = new StalledChannel();
    Subscriber s = new Subscriber(Limits.DEFAULT.withMaxBufferedBytes(1024), socket);
    subscribers.add(s);
    String hundred = "y".repeat(98);
    for (int i = 0; i < 10; i++) {
      publish(hundred);
    }
    runLoopTasks();
    assertThat(s.connection.bufferedAmount()).as("flushed, not yet taken by the socket").isEqualTo(1000);
    CompletableFuture<Integer> eleventh = topics.publish("t", hundred);
    CompletableFuture<Integer> twelfth = topics.publish("t", "z");
    assertThat(eleventh).as("held for the verdict").isNotDone();
    assertThat(twelfth).as("behind a held one: held too, in order").isNotDone();
    assertThat(s.connection.bufferedAmount()).as("held messages are not buffered yet").isEqualTo(1000);

    socket.takeEverything(); // the loop's I/O poll: the socket took the bytes
    runAfterIo();
    runLoopTasks();
    assertThat(eleventh).isCompletedWithValue(1);
    assertThat(twelfth).isCompletedWithValue(1);
    assertThat(s.connection.readyState()).isEqualTo(ReadyState.OPEN);
    assertThat(String.join("", s.flushes)).isEqualTo(frame(hundred).repeat(11) + frame("z"));
  }

  @Test
  void aMessageThatCannotFitEvenIfTheSocketTookEverythingIsJudgedAtOnce() {
    Subscriber s = stalledSubscriber(Limits.DEFAULT.withMaxBufferedBytes(1024));
    CompletableFuture<Integer> tooBig = topics.publish("t", "w".repeat(1100));
    assertThat(tooBig).isCompletedWithValue(0);
    assertThat(afterIo).as("no verdict waits").isEmpty();
    assertThat(s.connection.readyState()).isNotEqualTo(ReadyState.OPEN);
  }
}
