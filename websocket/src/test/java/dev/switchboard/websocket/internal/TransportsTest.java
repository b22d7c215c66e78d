package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

/** The {@code switchboard.transport} property: names, fallback when a transport is missing, unknown names. */
class TransportsTest {

  private static final Transports.Kind NATIVE_OR_NIO = Epoll.isAvailable() ? Transports.Kind.EPOLL : Transports.Kind.NIO;

  @Test
  void withoutThePropertyEpollWhereItLoadsElseNio() {
    assertThat(Transports.choose(null)).isEqualTo(NATIVE_OR_NIO);
    assertThat(Transports.choose("epoll")).isEqualTo(NATIVE_OR_NIO);
  }

  @Test
  void nioIsAlwaysAvailable() {
    assertThat(Transports.choose("NIO")).isEqualTo(Transports.Kind.NIO);
  }

  @Test
  void ioUringWhereItLoadsElseTheNextTransport() {
    Transports.Kind expected = IoUring.isAvailable() ? Transports.Kind.IO_URING : NATIVE_OR_NIO;
    assertThat(Transports.choose("io_uring")).isEqualTo(expected);
    assertThat(Transports.choose("io-uring")).isEqualTo(expected);
  }

  @Test
  void anUnknownNameGetsTheDefaultInsteadOfFailing() {
    assertThat(Transports.choose("kqueue")).isEqualTo(NATIVE_OR_NIO);
  }
}
