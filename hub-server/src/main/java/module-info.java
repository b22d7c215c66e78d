/**
 * The runnable hub, compatible with Azure Web PubSub: {@code dev.switchboard.hub.server.HubServer}
 * and its configuration. The REST API ({@code ...server.rest}) and the client endpoint
 * ({@code ...server.client}) are internal.
 */
module dev.switchboard.hub.server {
  requires transitive dev.switchboard.websocket;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;

  exports dev.switchboard.hub.server;
}
