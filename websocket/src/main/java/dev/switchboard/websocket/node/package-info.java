/**
 * The options of the proposed {@code node:websocket} module as a Java facade over {@link
 * dev.switchboard.websocket.WebSocketServer} and {@link dev.switchboard.websocket.WebSocketClient}:
 * {@link ServerOptions} with {@link NodeWebSocket#server(ServerOptions)}, {@link ClientOptions}
 * with {@link NodeWebSocket#connect(ClientOptions)}, the callbacks as functional interfaces, and
 * {@link NodeWebSocket#address} as the address helper.
 */
package dev.switchboard.websocket.node;
