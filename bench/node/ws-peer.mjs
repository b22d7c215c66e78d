// The Node `ws` peer of bench/run-load.sh, with the behaviour of the Java peers (bench/.../peers):
// /echo sends every message back as it came (text as text, binary as binary); /broadcast sends
// every message received on it to every open connection on /broadcast, the sender included.
// No compression. One process, one thread (Node's event loop), as the Java servers run one I/O
// thread. Usage: node bench/node/ws-peer.mjs PORT
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node ws-peer.mjs PORT');
  process.exit(2);
}

const options = { noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 };
const echo = new WebSocketServer(options);
const broadcast = new WebSocketServer({ ...options, clientTracking: true });

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

broadcast.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of broadcast.clients) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: isBinary });
      }
    }
  });
});

const server = http.createServer((req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only: /echo, /broadcast\n');
});
server.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  const target = path === '/echo' ? echo : path === '/broadcast' ? broadcast : null;
  if (target === null) {
    socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    return;
  }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`node ws peer listening on ws://127.0.0.1:${port}`));
