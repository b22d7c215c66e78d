/**
 * The {@code switchboard} command: an echo and broadcast server for testing clients (and for the
 * Autobahn TestSuite's fuzzingclient), and an interactive client in the manner of wscat.
 */
module dev.switchboard.cli {
  requires dev.switchboard.websocket;
  requires dev.switchboard.endpoints;
  requires info.picocli;
  requires org.slf4j;

  // picocli fills the commands' annotated fields by reflection.
  opens dev.switchboard.cli to info.picocli;
}
