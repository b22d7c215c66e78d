package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.Arguments;

/** A test of one {@link NettyConnection}: opens it on a harness and tears it down after the test. */
@ExtendWith(FailOnLeaks.class)
abstract class ConnectionTestBase {

  ConnectionHarness h;

  ConnectionHarness open(Role role, Limits limits) {
    h = new ConnectionHarness(role, limits);
    return h;
  }

  /**
   * Test cases {@code {name, more...}} once for each role, as arguments {@code (role: name, role,
   * more...)}.
   */
  static Stream<Arguments> forEachRole(Object[][] cases) {
    List<Arguments> out = new ArrayList<>();
    for (Role role : Role.values()) {
      for (Object[] c : cases) {
        Object[] args = new Object[c.length + 1];
        args[0] = role + ": " + c[0];
        args[1] = role;
        System.arraycopy(c, 1, args, 2, c.length - 1);
        out.add(Arguments.of(args));
      }
    }
    return out.stream();
  }

  @AfterEach
  void closeHarness() {
    if (h != null) {
      h.close();
    }
  }
}
