package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The {@code switchboard.transport} property: names, fallback when a transport is missing or its
 * ring cannot be set up, unknown names.
 */
class TransportsTest {

  private static final Transports.Kind NATIVE_OR_NIO = Epoll.isAvailable() ? Transports.Kind.EPOLL : Transports.Kind.NIO;

  @Test
  void maxReadBytesDefaultsTo256KiBAndRejectsWhatIsNotABoundedNumber() {
    assertThat(Transports.maxReadBytes(null)).isEqualTo(262_144);
    assertThat(Transports.maxReadBytes(" 65536 ")).isEqualTo(65_536);
    assertThat(Transports.maxReadBytes("lots")).isEqualTo(262_144);
    assertThat(Transports.maxReadBytes("1024")).as("under 4096").isEqualTo(262_144);
    assertThat(Transports.maxReadBytes("99999999")).as("over 16 MiB").isEqualTo(262_144);
  }

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
  void aRingThatCanBeSetUpKeepsIoUring() {
    assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
    IoUringSettings settings = new IoUringSettings(256, 4096, true, 64, 2048, false);
    assertThat(Transports.probe(settings, IoUringIoHandler.newFactory(settings.handlerConfig())))
        .isEqualTo(Transports.Kind.IO_URING);
  }

  @Test
  void aRingTheKernelRefusesFallsBackToTheNextTransport() {
    IoHandlerFactory refused = executor -> {
      throw new UncheckedIOException(new IOException("io_uring_register: Cannot allocate memory"));
    };
    assertThat(Transports.probe(IoUringSettings.DEFAULT, refused)).isEqualTo(NATIVE_OR_NIO);
  }

  @Test
  void anUnknownNameGetsTheDefaultInsteadOfFailing() {
    assertThat(Transports.choose("kqueue")).isEqualTo(NATIVE_OR_NIO);
  }

  /**
   * For CI's io_uring passes ({@code -Dswitchboard.transport.required=true}): the transport asked
   * for is the one every server and client of this JVM uses, with the settings asked for, so a
   * pass cannot quietly test the fallback.
   */
  @Test
  void whenRequiredTheTransportAskedForIsTheOneInUse() {
    assumeTrue(Boolean.getBoolean("switchboard.transport.required"), "only when -Dswitchboard.transport.required=true");
    String asked = System.getProperty("switchboard.transport", "epoll");
    assertThat(Transports.name()).as("the transport in use (see the log for why it fell back)").isEqualTo(asked);
    if (asked.equals("io_uring")) {
      assertThat(IoUringSettings.fromSystemProperties()).as("the io_uring settings in use")
          .isEqualTo(IoUringSettings.parse(System::getProperty, true, true));
    }
  }
}
