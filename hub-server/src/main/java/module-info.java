/**
 * The hub's wire pieces, compatible with Azure Web PubSub: the client subprotocols
 * ({@code dev.switchboard.hub.server.protocol}), access keys and JWTs
 * ({@code dev.switchboard.hub.server.auth}) and CloudEvents upstream event handlers
 * ({@code dev.switchboard.hub.server.upstream}).
 */
module dev.switchboard.hub.server {
  requires com.fasterxml.jackson.databind;
  requires com.google.protobuf;
  requires com.nimbusds.jose.jwt;
  requires transitive java.net.http;
  requires org.slf4j;

  exports dev.switchboard.hub.server.protocol;
  exports dev.switchboard.hub.server.auth;
  exports dev.switchboard.hub.server.upstream;
}
