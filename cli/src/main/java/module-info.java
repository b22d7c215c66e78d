/**
 * The {@code switchboard} command: the pub/sub hub, an echo and broadcast server for testing
 * clients (and for the Autobahn TestSuite's fuzzingclient), an interactive client in the manner of
 * wscat, and a load tool ({@code switchboard bench}, package {@code dev.switchboard.cli.load}, not
 * exported).
 */
module dev.switchboard.cli {
  requires dev.switchboard.websocket;
  requires dev.switchboard.hub.server;
  requires dev.switchboard.endpoints;
  requires info.picocli;
  requires org.slf4j;
  // The load tool (switchboard bench) drives raw Netty channels with our codec.
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires HdrHistogram;

  // picocli fills the commands' annotated fields by reflection.
  opens dev.switchboard.cli to info.picocli;
}
