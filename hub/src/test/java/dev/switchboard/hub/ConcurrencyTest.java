package dev.switchboard.hub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many threads at once: per-connection order, sequence ids, membership consistency. */
class ConcurrencyTest {
  static final int THREADS = 8;
  static final int PER_THREAD = 2_000;
  final ManualScheduler clock = new ManualScheduler();
  final HubService service = HubService.builder().scheduler(clock)
      .limits(HubLimits.DEFAULT.withReplayMaxMessages(THREADS * PER_THREAD + 10)).build();
  final Hub hub = service.hub("chat");
  final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    service.close();
  }

  @Test
  void eachPublishersMessagesArriveInOrderAndSequenceIdsFollowDeliveryOrder() throws Exception {
    List<FakeSink> sinks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      FakeSink s = new FakeSink();
      hub.connect(ConnectionRequest.of("r" + i, null).withGroups(List.of("g"))
          .withProtocol("json.reliable.webpubsub.azure.v1", true), s);
      sinks.add(s);
    }
    FakeSink plain = new FakeSink();
    hub.connect(ConnectionRequest.of("p", null).withGroups(List.of("g")), plain);
    sinks.add(plain);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < PER_THREAD; i++) {
          byte[] payload = (thread + ":" + i).getBytes(UTF_8);
          if (i % 2 == 0) {
            hub.sendToGroup("g", DataType.TEXT, payload, SendOptions.NONE).join();
          } else {
            hub.sendToAll(DataType.TEXT, payload, SendOptions.NONE).join();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    for (FakeSink s : sinks) {
      List<String> texts = s.texts();
      assertThat(texts).hasSize(THREADS * PER_THREAD);
      Map<Integer, Integer> last = new HashMap<>();
      for (String text : texts) {
        String[] parts = text.split(":");
        int thread = Integer.parseInt(parts[0]);
        int index = Integer.parseInt(parts[1]);
        assertThat(index).as("thread %d's messages in order", thread)
            .isEqualTo(last.getOrDefault(thread, -1) + 1);
        last.put(thread, index);
      }
      if (s != plain) {
        List<Long> ids = s.sequenceIds();
        for (int i = 0; i < ids.size(); i++) {
          assertThat(ids.get(i)).isEqualTo(i + 1L);
        }
      }
    }
  }

  @Test
  void concurrentJoinsLeavesAndClosesLeaveConsistentIndexes() throws Exception {
    int connections = 200;
    List<Connection> all = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      all.add(hub.connect(ConnectionRequest.of("c" + i, "u" + (i % 10))
          .withRoles(List.of("webpubsub.joinLeaveGroup")), new FakeSink()));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = thread; i < connections; i += THREADS) {
          Connection c = all.get(i);
          for (int g = 0; g < 20; g++) {
            c.joinGroup("g" + g, null).join();
            hub.addUserToGroup("u" + (i % 10), "h" + g).join();
            if (g % 3 == 0) {
              c.leaveGroup("g" + g, null).join();
            }
          }
          if (i % 2 == 0) {
            hub.closeConnection(c.id(), "done").join();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    hub.closeAllConnections(java.util.Set.of(), "end").join();
    for (int g = 0; g < 20; g++) {
      assertThat(hub.groupExists("g" + g).join()).isFalse();
      assertThat(hub.groupExists("h" + g).join()).isFalse();
    }
    for (int u = 0; u < 10; u++) {
      assertThat(hub.userExists("u" + u).join()).isFalse();
    }
  }
}
