/**
 * The runnable hub, compatible with Azure Web PubSub: {@code dev.switchboard.hub.server.HubServer}
 * and its configuration; the client subprotocols ({@code dev.switchboard.hub.server.protocol}),
 * access keys and JWTs ({@code dev.switchboard.hub.server.auth}) and CloudEvents upstream event
 * handlers ({@code dev.switchboard.hub.server.upstream}). The REST API
 * ({@code ...server.rest}) and the client endpoint ({@code ...server.client}) are internal.
 */
module dev.switchboard.hub.server {
  requires transitive dev.switchboard.hub;
  requires transitive dev.switchboard.websocket;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.google.protobuf;
  requires com.nimbusds.jose.jwt;
  requires transitive java.net.http;
  requires org.slf4j;

  exports dev.switchboard.hub.server;
  exports dev.switchboard.hub.server.protocol;
  exports dev.switchboard.hub.server.auth;
  exports dev.switchboard.hub.server.upstream;
}
