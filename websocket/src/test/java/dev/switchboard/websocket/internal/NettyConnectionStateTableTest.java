package dev.switchboard.websocket.internal;

import static dev.switchboard.websocket.internal.Wire.closePayload;
import static dev.switchboard.websocket.internal.Wire.hex;
import static dev.switchboard.websocket.internal.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.ProtocolViolationException;
import dev.switchboard.websocket.ReadyState;
import dev.switchboard.websocket.internal.ConnectionHarness.Ending;
import dev.switchboard.websocket.internal.NettyConnection.State;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection state machine as a (state × event) table, RFC 6455 §5.5 and §7. Each row puts a
 * connection in a state, plays one event, and checks the exact frames written, the endpoint calls,
 * the terminal {@code CloseEvent} if the connection ended, and (on teardown) that {@code onClose}
 * came exactly once. Frames are compared unmasked, so one row serves both roles.
 *
 * <p>A server passes through {@code CLOSE_RECEIVED} within one loop turn (it drops TCP as soon as
 * its echo is written), so that state is held, and tabulated, on the client only.
 */
@ExtendWith(FailOnLeaks.class)
class NettyConnectionStateTableTest {

  private static final Set<Role> BOTH = EnumSet.allOf(Role.class);
  private static final Set<Role> SERVER = EnumSet.of(Role.SERVER);
  private static final Set<Role> CLIENT = EnumSet.of(Role.CLIENT);

  private static final String HELLO = hex("Hello");
  private static final Ending DROPPED_WHILE_OPEN = new Ending(1006, "", false, true, null);

  /** The events, each with what it does to a connection; SEND returns its futures. */
  enum Event {
    TEXT_IN("a text frame arrives (§5.6)", h -> receive(h, h.peerFrame(Opcode.TEXT, utf8("Hello")))),
    BINARY_IN("a binary frame arrives (§5.6)", h -> receive(h, h.peerFrame(Opcode.BINARY, new byte[] {1, 2, 3}))),
    FRAGMENTED_IN("a text message arrives in two fragments with a ping between them (§5.4)", h -> receive(h,
        h.peerFrame(false, Opcode.TEXT, utf8("Hel")), h.peerFrame(Opcode.PING, utf8("p")),
        h.peerFrame(true, Opcode.CONTINUATION, utf8("lo")))),
    PING_IN("a ping arrives (§5.5.2)", h -> receive(h, h.peerFrame(Opcode.PING, utf8("Hello")))),
    PONG_IN("a pong arrives (§5.5.3)", h -> receive(h, h.peerFrame(Opcode.PONG, utf8("Hello")))),
    CLOSE_IN("a close frame 4001 'done' arrives (§5.5.1)",
        h -> receive(h, h.peerFrame(Opcode.CLOSE, closePayload(4001, "done")))),
    LOCAL_CLOSE("the application calls close(1001, \"going\") (§7.1.2)", h -> {
      h.connection.close(1001, "going");
      return List.of();
    }),
    VIOLATION_IN("a frame with the reserved opcode 0x3 arrives (§5.2, fail with 1002)",
        h -> receive(h, Wire.reservedOpcodeFrame(h.role == Role.SERVER))),
    ENDPOINT_THROWS("a pong arrives and onPong throws (§7.1.7, fail with 1011)", h -> {
      h.endpoint.throwOn = "pong";
      return receive(h, h.peerFrame(Opcode.PONG, utf8("Hello")));
    }),
    CONNECTION_LOST("the TCP connection goes away (§7.1.5)", h -> {
      if (h.channel.isOpen()) {
        h.dropConnection();
      } else {
        h.channel.pipeline().fireChannelInactive(); // a second notification must change nothing
      }
      return List.of();
    }),
    SEND("the application sends text, binary, ping, pong and a one-frame fragment (§5.6, §5.5)", h -> {
      List<CompletableFuture<?>> sent = List.of(
          h.connection.sendText("Hi"),
          h.connection.sendBinary(new byte[] {1}),
          h.connection.ping(ByteBuffer.wrap(utf8("p"))),
          h.connection.pong(ByteBuffer.wrap(utf8("q"))),
          h.connection.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[] {2}), true));
      h.runPending();
      return sent;
    });

    final String rule;
    final Function<ConnectionHarness, List<CompletableFuture<?>>> action;

    Event(String rule, Function<ConnectionHarness, List<CompletableFuture<?>>> action) {
      this.rule = rule;
      this.action = action;
    }

    private static List<CompletableFuture<?>> receive(ConnectionHarness h, byte[]... frames) {
      h.receive(frames);
      return List.of();
    }
  }

  /** One row: in {@code state}, on {@code roles}, {@code event} has these outcomes. */
  static final class Row {
    final State state;
    final Event event;
    final Set<Role> roles;
    List<String> wire = List.of();
    List<String> calls = List.of();
    Ending ending;
    ReadyState after;
    Boolean sendsSucceed;

    Row(State state, Event event, Set<Role> roles) {
      this.state = state;
      this.event = event;
      this.roles = roles;
      this.after = state == State.OPEN ? ReadyState.OPEN : state == State.CLOSED ? ReadyState.CLOSED : ReadyState.CLOSING;
      if (event == Event.SEND) {
        sendsSucceed = state == State.OPEN;
      }
    }

    Row wire(String... frames) {
      wire = List.of(frames);
      return this;
    }

    Row calls(String... c) {
      calls = List.of(c);
      return this;
    }

    Row ends(int code, String reason, boolean clean, boolean remote, Class<?> error) {
      return ends(new Ending(code, reason, clean, remote, error));
    }

    Row ends(Ending e) {
      ending = e;
      after = ReadyState.CLOSED;
      return this;
    }

    Row after(ReadyState s) {
      after = s;
      return this;
    }
  }

  private static Row row(State state, Event event, Set<Role> roles) {
    return new Row(state, event, roles);
  }

  static List<Row> table() {
    String violation = "881503ea" + hex("reserved opcode 0x3");
    String internalError = "881003f3" + hex("internal error");
    Class<?> pve = ProtocolViolationException.class;
    Class<?> boom = RecordingEndpoint.BOOM.getClass();
    return List.of(
        row(State.OPEN, Event.TEXT_IN, BOTH).calls("text:Hello"),
        row(State.OPEN, Event.BINARY_IN, BOTH).calls("binary:010203"),
        row(State.OPEN, Event.FRAGMENTED_IN, BOTH).wire("8a0170").calls("ping:70", "text:Hello"),
        row(State.OPEN, Event.PING_IN, BOTH).wire("8a05" + HELLO).calls("ping:" + HELLO),
        row(State.OPEN, Event.PONG_IN, BOTH).calls("pong:" + HELLO),
        row(State.OPEN, Event.CLOSE_IN, SERVER).wire("88020fa1").calls("close:4001").ends(4001, "done", true, true, null),
        row(State.OPEN, Event.CLOSE_IN, CLIENT).wire("88020fa1").after(ReadyState.CLOSING),
        row(State.OPEN, Event.LOCAL_CLOSE, BOTH).wire("880703e9" + hex("going")).after(ReadyState.CLOSING),
        row(State.OPEN, Event.VIOLATION_IN, BOTH).wire(violation)
            .calls("error:ProtocolViolationException", "close:1002").ends(1002, "reserved opcode 0x3", false, false, pve),
        row(State.OPEN, Event.ENDPOINT_THROWS, BOTH).wire(internalError)
            .calls("pong:" + HELLO, "error:IllegalStateException", "close:1011")
            .ends(1011, "internal error", false, false, boom),
        row(State.OPEN, Event.CONNECTION_LOST, BOTH).calls("close:1006").ends(DROPPED_WHILE_OPEN),
        row(State.OPEN, Event.SEND, BOTH).wire("81024869", "820101", "890170", "8a0171", "820102"),

        // Data the peer sent before it saw our close is still delivered (RFC 6455 §7.1).
        row(State.CLOSE_SENT, Event.TEXT_IN, BOTH).calls("text:Hello"),
        row(State.CLOSE_SENT, Event.BINARY_IN, BOTH).calls("binary:010203"),
        row(State.CLOSE_SENT, Event.FRAGMENTED_IN, BOTH).calls("ping:70", "text:Hello"),
        row(State.CLOSE_SENT, Event.PING_IN, BOTH).calls("ping:" + HELLO),
        row(State.CLOSE_SENT, Event.PONG_IN, BOTH).calls("pong:" + HELLO),
        row(State.CLOSE_SENT, Event.CLOSE_IN, SERVER).calls("close:4001").ends(4001, "done", true, false, null),
        row(State.CLOSE_SENT, Event.CLOSE_IN, CLIENT),
        row(State.CLOSE_SENT, Event.LOCAL_CLOSE, BOTH),
        row(State.CLOSE_SENT, Event.VIOLATION_IN, BOTH)
            .calls("error:ProtocolViolationException", "close:1006").ends(1006, "", false, false, pve),
        row(State.CLOSE_SENT, Event.ENDPOINT_THROWS, BOTH)
            .calls("pong:" + HELLO, "error:IllegalStateException", "close:1006").ends(1006, "", false, false, boom),
        row(State.CLOSE_SENT, Event.CONNECTION_LOST, BOTH).calls("close:1006").ends(1006, "", false, false, null),
        row(State.CLOSE_SENT, Event.SEND, BOTH),

        row(State.CLOSE_RECEIVED, Event.TEXT_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.BINARY_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.FRAGMENTED_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.PING_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.PONG_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.CLOSE_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.LOCAL_CLOSE, CLIENT),
        row(State.CLOSE_RECEIVED, Event.VIOLATION_IN, CLIENT),
        row(State.CLOSE_RECEIVED, Event.ENDPOINT_THROWS, CLIENT),
        row(State.CLOSE_RECEIVED, Event.CONNECTION_LOST, CLIENT).calls("close:1001").ends(1001, "away", true, true, null),
        row(State.CLOSE_RECEIVED, Event.SEND, CLIENT),

        row(State.CLOSED, Event.LOCAL_CLOSE, BOTH).ends(DROPPED_WHILE_OPEN),
        row(State.CLOSED, Event.CONNECTION_LOST, BOTH).ends(DROPPED_WHILE_OPEN),
        row(State.CLOSED, Event.SEND, BOTH).ends(DROPPED_WHILE_OPEN));
  }

  static Stream<Object[]> cases() {
    List<Object[]> out = new ArrayList<>();
    for (Row r : table()) {
      for (Role role : r.roles) {
        out.add(new Object[] {role + " in " + r.state + ": " + r.event.rule, role, r});
      }
    }
    return out.stream();
  }

  /** Brings a fresh connection to {@code state} and forgets what that wrote and called. */
  private static void enter(ConnectionHarness h, State state) {
    switch (state) {
      case OPEN -> { }
      case CLOSE_SENT -> {
        h.connection.close(1000, "bye");
        assertThat(h.written()).containsExactly("880503e8" + hex("bye"));
      }
      case CLOSE_RECEIVED -> {
        h.receive(h.peerFrame(Opcode.CLOSE, closePayload(1001, "away")));
        assertThat(h.written()).containsExactly("880203e9");
        assertThat(h.channel.isOpen()).as("a client waits for the server to close TCP (§7.1.1)").isTrue();
      }
      case CLOSED -> {
        h.dropConnection();
        assertThat(h.endpoint.take()).containsExactly("close:1006");
      }
    }
    h.endpoint.take();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyStateAnswersEveryEventAsRfc6455Sections5And7Require(String rule, Role role, Row row) {
    try (ConnectionHarness h = new ConnectionHarness(role, Limits.DEFAULT)) {
      enter(h, row.state);
      List<CompletableFuture<?>> sent = row.event.action.apply(h);

      assertThat(h.written()).as("frames written").isEqualTo(row.wire);
      assertThat(h.endpoint.take()).as("endpoint calls").isEqualTo(row.calls);
      assertThat(h.connection.readyState()).as("ready state").isEqualTo(row.after);
      if (row.ending == null) {
        assertThat(h.channel.isOpen()).as("channel open").isTrue();
        assertThat(h.endpoint.closes).as("onClose calls").isEmpty();
      } else {
        assertThat(h.channel.isOpen()).as("channel open").isFalse();
        assertThat(h.ending()).isEqualTo(row.ending);
      }
      if (row.sendsSucceed != null) {
        for (CompletableFuture<?> f : sent) {
          if (row.sendsSucceed) {
            assertThat(f).isCompleted().isNotCompletedExceptionally();
          } else {
            assertThat(f).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class)
                .withMessageContaining("not OPEN");
          }
        }
        assertThat(h.connection.bufferedAmount()).as("bufferedAmount after the writes").isZero();
      }
    }
  }
}
