/**
 * Switchboard's pub/sub core: hubs, connections, users, groups, permissions, OData connection
 * filters, reliable-protocol replay, and the engine SPI ({@code dev.switchboard.hub.engine}) with
 * the in-memory engine. No network and no wire formats: connections are reached through
 * {@link dev.switchboard.hub.ConnectionSink}.
 */
module dev.switchboard.hub {
  requires org.slf4j;

  exports dev.switchboard.hub;
  exports dev.switchboard.hub.engine;
}
