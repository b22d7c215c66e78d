package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DeflateAgreement;
import dev.switchboard.protocol.DeflateConfig;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link NettyConnection} on an {@link EmbeddedChannel} with a frozen clock: the test plays
 * the peer by feeding bytes, reads what was written frame by frame, and moves time by hand.
 */
final class ConnectionHarness implements AutoCloseable {

  /** How a session ended, in the fields a test compares; {@code error} is the error's class. */
  record Ending(int code, String reason, boolean wasClean, boolean remote, Class<?> error) {
    static Ending of(CloseEvent e) {
      return new Ending(e.code(), e.reason(), e.wasClean(), e.remote(), e.error() == null ? null : e.error().getClass());
    }
  }

  final Role role;
  final EmbeddedChannel channel;
  final RecordingEndpoint endpoint = new RecordingEndpoint();
  final NettyConnection connection;

  ConnectionHarness(Role role, Limits limits) {
    this(role, limits, null, null);
    assertThat(endpoint.take()).containsExactly("open");
  }

  private ConnectionHarness(Role role, Limits limits, String throwOn, PerMessageDeflate deflate) {
    this.role = role;
    channel = new EmbeddedChannel();
    channel.freezeTime();
    connection = new NettyConnection(role, channel, endpoint, limits, URI.create("/chat"), "", null, deflate);
    channel.pipeline().addLast(SessionHandler.NAME, new SessionHandler(connection));
    endpoint.throwOn = throwOn;
    connection.open();
  }

  /** A connection whose endpoint throws from {@code onOpen}. */
  static ConnectionHarness throwingOnOpen(Role role) {
    return new ConnectionHarness(role, Limits.DEFAULT, "open", null);
  }

  /** A connection that agreed to permessage-deflate (RFC 7692) as {@code agreement} says. */
  static ConnectionHarness deflating(Role role, Limits limits, DeflateConfig config, DeflateAgreement agreement) {
    PerMessageDeflate deflate = new PerMessageDeflate(role, agreement, config, agreement.serverAnswer().toHeaderValue());
    ConnectionHarness h = new ConnectionHarness(role, limits, null, deflate);
    assertThat(h.endpoint.take()).containsExactly("open");
    return h;
  }

  static ConnectionHarness server() {
    return new ConnectionHarness(Role.SERVER, Limits.DEFAULT);
  }

  static ConnectionHarness client() {
    return new ConnectionHarness(Role.CLIENT, Limits.DEFAULT);
  }

  /** A frame as our peer would send it: masked when the peer is a client (RFC 6455 §5.3). */
  byte[] peerFrame(boolean fin, Opcode op, byte[] payload) {
    return Wire.frame(fin, op, payload, role == Role.SERVER);
  }

  byte[] peerFrame(Opcode op, byte[] payload) {
    return peerFrame(true, op, payload);
  }

  /** A message's first frame with RSV1 set: its payload is compressed (RFC 7692 §6). */
  byte[] peerCompressedFrame(boolean fin, Opcode op, byte[] deflated) {
    return Wire.frame(fin, true, op, deflated, role == Role.SERVER);
  }

  /** The peer's bytes arrive in one read. */
  void receive(byte[]... bytes) {
    channel.writeInbound(Wire.buffer(bytes));
    channel.runPendingTasks();
  }

  /** Runs what the loop has queued (flushes, close notifications). */
  void runPending() {
    channel.runPendingTasks();
  }

  /** Moves the frozen clock and runs the timers that came due. */
  void advance(Duration d) {
    channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
  }

  /** The frames written since the last call, as hex, unmasked (and checked masked) for a client. */
  List<String> written() {
    channel.runPendingTasks();
    List<String> frames = new ArrayList<>();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      try {
        // One buffer may hold several frames (sends during one loop turn are batched).
        for (byte[] frame : Wire.splitFrames(io.netty.buffer.ByteBufUtil.getBytes(b))) {
          frames.add(Wire.unmaskedHex(io.netty.buffer.Unpooled.wrappedBuffer(frame), role == Role.CLIENT));
        }
      } finally {
        b.release();
      }
    }
    return frames;
  }

  /** The TCP connection goes away under us (peer reset, or we closed it). */
  void dropConnection() {
    channel.close();
    channel.runPendingTasks();
  }

  /**
   * Checks that a peer's violation failed the connection (RFC 6455 §7.1.7): our close frame with
   * {@code code} and {@code reason}, TCP dropped, the error reported, then the one onClose.
   */
  void assertFailedWith(CloseCode code, String reason) {
    assertThat(written()).containsExactly(Wire.closeFrameHex(code.code(), reason));
    assertThat(channel.isOpen()).isFalse();
    assertThat(endpoint.take()).containsExactly("error:ProtocolViolationException", "close:" + code.code());
    assertThat(ending()).isEqualTo(new Ending(code.code(), reason, false, false, ProtocolViolationException.class));
    assertThat(((ProtocolViolationException) endpoint.closes.get(0).error()).closeCode()).isEqualTo(code);
  }

  /** The one terminal event; fails unless onClose was called exactly once. */
  Ending ending() {
    assertThat(endpoint.closes).as("onClose calls").hasSize(1);
    CloseEvent e = endpoint.closes.get(0);
    assertThat(connection.closeFuture()).isCompletedWithValue(e);
    return Ending.of(e);
  }

  /** Ends the connection if still open, checks onClose came exactly once, releases everything. */
  @Override
  public void close() {
    if (channel.isOpen()) {
      dropConnection();
    }
    written();
    channel.finishAndReleaseAll();
    assertThat(endpoint.closes).as("onClose is called exactly once for every opened session").hasSize(1);
  }
}
