/**
 * The server options of the proposed {@code node:websocket} module, one for one, as a Java facade
 * over {@link dev.switchboard.websocket.WebSocketServer}: {@link ServerOptions} (built with
 * {@link ServerOptions#builder()}) and {@link NodeWebSocket#server(ServerOptions)}, the callbacks
 * as functional interfaces, and {@link NodeWebSocket#address} as the address helper.
 */
package dev.switchboard.websocket.node;
