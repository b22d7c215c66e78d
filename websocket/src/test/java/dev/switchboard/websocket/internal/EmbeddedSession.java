package dev.switchboard.websocket.internal;

import dev.switchboard.protocol.Role;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One open {@link NettyConnection} on an {@link EmbeddedChannel} with frozen time, for tests of
 * the send path that read the channel's writes as hex. Not thread-safe (the embedded loop is the
 * test's thread).
 */
final class EmbeddedSession implements AutoCloseable {

  final EmbeddedChannel channel;
  final NettyConnection connection;

  private EmbeddedSession(Role role, Endpoint endpoint, Limits limits) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    connection = new NettyConnection(role, channel, endpoint, limits, URI.create("/echo"), "", null, null);
    channel.pipeline().addLast(SessionHandler.NAME, new SessionHandler(connection));
    connection.open();
  }

  static EmbeddedSession open(Role role, Endpoint endpoint, Limits limits) {
    return new EmbeddedSession(role, endpoint, limits);
  }

  /** The buffers written to the channel since the last look, each as hex (and released). */
  List<String> writes() {
    channel.runPendingTasks();
    List<String> out = new ArrayList<>();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      out.add(ByteBufUtil.hexDump(b));
      b.release();
    }
    return out;
  }

  /** {@code frames} arrive in one read. */
  void receive(byte[]... frames) {
    channel.writeInbound(Wire.buffer(frames));
    channel.runPendingTasks();
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
  }
}
