package dev.switchboard.hub.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import dev.switchboard.hub.server.HubSettings;
import dev.switchboard.websocket.ConnectRequest;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each hub's {@code keepAliveIntervalSeconds} (Azure's {@code webSocketKeepAliveIntervalInSeconds})
 * applies to its own clients only: a hub pinging every second does not make another hub's idle
 * clients be pinged.
 */
class KeepAlivePerHubTest {

  /** Counts the pings a client receives (our client answers each with a pong by itself). */
  static final class PingCounter implements Endpoint {
    final AtomicInteger pings = new AtomicInteger();
    final CountDownLatch pinged = new CountDownLatch(1);

    @Override
    public void onPing(Session session, ByteBuffer payload) {
      pings.incrementAndGet();
      pinged.countDown();
    }
  }

  @Test
  void eachHubPingsItsIdleClientsAtItsOwnInterval() throws Exception {
    try (RunningHub hub = new RunningHub(RunningHub.config()
        .withHub("fast", HubSettings.DEFAULT.withKeepAliveInterval(Duration.ofSeconds(1)))
        .withHub("slow", HubSettings.DEFAULT.withKeepAliveInterval(Duration.ofSeconds(120))))) {
      PingCounter slow = new PingCounter();
      PingCounter fast = new PingCounter();
      Session s = hub.ws.connect(ConnectRequest.to(url(hub, "slow")).subprotocols("json.webpubsub.azure.v1").build(), slow)
          .get(10, TimeUnit.SECONDS);
      Session f = hub.ws.connect(ConnectRequest.to(url(hub, "fast")).subprotocols("json.webpubsub.azure.v1").build(), fast)
          .get(10, TimeUnit.SECONDS);

      // the slow hub's client connected first: under one server-wide interval it would be pinged first
      assertThat(fast.pinged.await(10, TimeUnit.SECONDS)).as("the 1 s hub pings its idle client").isTrue();
      assertThat(slow.pings).as("the 120 s hub's client, connected longer, was not pinged").hasValue(0);
      s.close().get(10, TimeUnit.SECONDS);
      f.close().get(10, TimeUnit.SECONDS);
    }
  }

  private static String url(RunningHub hub, String name) {
    return hub.sdk(name).getClientAccessToken(new GetClientAccessTokenOptions().setUserId("u")).getUrl();
  }
}
