package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test of one {@link NettyConnection}: opens it on a harness and tears it down after the test. */
@ExtendWith(FailOnLeaks.class)
abstract class ConnectionTestBase {

  ConnectionHarness h;

  ConnectionHarness open(Role role, Limits limits) {
    h = new ConnectionHarness(role, limits);
    return h;
  }

  @AfterEach
  void closeHarness() {
    if (h != null) {
      h.close();
    }
  }
}
