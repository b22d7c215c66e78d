package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IdleWheel} and its {@link IdleTimer} entries on an {@code EmbeddedChannel}'s loop, time
 * moved by hand: a timeout fires not before {@code idleTimeout} of silence and within one tick
 * after it, reads move it, stopped timers never fire, and the wheel ticks only while it holds one.
 */
class IdleWheelTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30); // tick: 1 s (at most 1 s, 1/16 of it)
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<String> fired = new ArrayList<>();

  @org.junit.jupiter.api.BeforeEach
  void freeze() {
    channel.freezeTime();
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void advance(Duration d) {
    channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
  }

  private IdleTimer timer(String name) {
    return new IdleTimer(TIMEOUT, () -> fired.add(name));
  }

  @Test
  void tickIsASixteenthOfTheTimeoutBetween1MsAnd1s() {
    assertThat(IdleWheel.tickNanos(Duration.ofSeconds(30).toNanos())).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(IdleWheel.tickNanos(Duration.ofMillis(160).toNanos())).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(IdleWheel.tickNanos(Duration.ofMillis(5).toNanos())).isEqualTo(Duration.ofMillis(1).toNanos());
  }

  @Test
  void aTimeoutOffTheTickGridFiresNotBeforeItAndWithinOneTickAfter() {
    IdleTimer anchor = timer("anchor"); // makes the wheel, its ticks counted from now
    anchor.start(channel.eventLoop());
    advance(Duration.ofMillis(300));
    IdleTimer t = timer("t");
    t.start(channel.eventLoop()); // deadline 30.3 s: between ticks 30 and 31
    advance(Duration.ofMillis(29_700)); // 30.0 s: the anchor's deadline
    assertThat(fired).containsExactly("anchor");
    advance(Duration.ofMillis(299)); // 30.299 s
    assertThat(fired).containsExactly("anchor");
    advance(Duration.ofMillis(701)); // 31.0 s: the first tick after 30.3 s
    assertThat(fired).containsExactly("anchor", "t");
  }

  @Test
  void aReadStartsTheSilenceAgain() {
    IdleTimer t = timer("t");
    t.start(channel.eventLoop());
    advance(Duration.ofSeconds(10));
    t.read();
    advance(Duration.ofSeconds(29)); // 39 s: 29 s since the read
    assertThat(fired).isEmpty();
    advance(Duration.ofSeconds(1)); // 40 s
    assertThat(fired).containsExactly("t");
  }

  @Test
  void aStoppedTimerNeverFiresAndAnEmptyWheelStopsTicking() {
    IdleTimer t = timer("t");
    t.start(channel.eventLoop());
    advance(Duration.ofSeconds(5));
    t.stop();
    t.stop(); // twice: nothing more
    assertThat(channel.runScheduledPendingTasks()).as("no task left on the loop").isEqualTo(-1);
    advance(Duration.ofMinutes(2));
    assertThat(fired).isEmpty();
  }

  @Test
  void aCallbackStoppingOtherTimersOfItsSlotLosesNoneOfTheRest() {
    List<IdleTimer> timers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String name = "t" + i;
      timers.add(new IdleTimer(TIMEOUT, () -> {
        fired.add(name);
        if (name.equals("t3")) { // popped first: the newest is at the head of the slot
          timers.get(1).stop();
        }
      }));
    }
    timers.forEach(t -> t.start(channel.eventLoop()));
    advance(TIMEOUT);
    assertThat(fired).containsExactlyInAnyOrder("t3", "t2", "t0");
    advance(TIMEOUT);
    assertThat(fired).hasSize(3);
  }

  @Test
  void aLoopStalledPastTheWholeWheelStillFiresEveryDueTimerOnce() {
    IdleTimer a = timer("a");
    IdleTimer b = timer("b");
    a.start(channel.eventLoop());
    advance(Duration.ofSeconds(7));
    b.start(channel.eventLoop());
    advance(Duration.ofMinutes(10)); // one late tick for many
    assertThat(fired).containsExactlyInAnyOrder("a", "b");
    a.start(channel.eventLoop()); // may be armed again
    advance(TIMEOUT);
    assertThat(fired).containsExactlyInAnyOrder("a", "b", "a");
  }
}
