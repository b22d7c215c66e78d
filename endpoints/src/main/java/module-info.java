/**
 * WebSocket endpoints declared the way Eclipse Dirigible declares them: a directory of {@code
 * *.websocket} JSON descriptors, each naming a {@link dev.switchboard.websocket.WebSocketHandler},
 * served at {@code /websockets/v4/service/{endpoint}}, re-read when the directory changes and
 * listed as JSON for operators.
 */
module dev.switchboard.endpoints {
  requires transitive dev.switchboard.websocket;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.switchboard.endpoints;
}
