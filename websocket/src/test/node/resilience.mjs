// Node servers for the resilience tests of Switchboard's Connection handle (NodeResilienceTest).
//
//   node resilience.mjs echo PORT                 `ws` echo server on 127.0.0.1:PORT (0: any free port)
//   node resilience.mjs deaf PORT                 `ws` server with autoPong: false: pings are never answered
//   node resilience.mjs status PORT N CODE [RETRY_AFTER]
//                                                 a Node HTTP server answering the first N upgrade requests
//                                                 with CODE (and Retry-After), then upgrading with `ws` (echo)
// Prints "listening PORT" once ready, "upgrade K" for each upgrade request (K counts from 1) and
// "received TEXT-AS-BASE64" for each message received, "ping" for each ping (after any automatic pong). Exits when stdin closes.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const [mode, portArg, nArg, codeArg, retryAfter] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');
const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const wss = new WebSocketServer({ noServer: true, autoPong: mode !== 'deaf' });
let upgrades = 0;

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    say('received ' + Buffer.from(data).toString('base64'));
    if (mode !== 'deaf') ws.send(data, { binary: isBinary });
  });
  ws.on('ping', () => say('ping'));
  ws.on('error', () => {});
});

server.on('upgrade', (req, socket, head) => {
  upgrades++;
  say('upgrade ' + upgrades);
  if (mode === 'status' && upgrades <= Number(nArg)) {
    const code = Number(codeArg);
    const body = `refused by the test: ${code}\n`;
    const headers = [`HTTP/1.1 ${code} ${http.STATUS_CODES[code]}`, 'Content-Type: text/plain',
      `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
    if (retryAfter) headers.push(`Retry-After: ${retryAfter}`);
    socket.end(headers.join('\r\n') + '\r\n\r\n' + body);
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

server.listen(Number(portArg), '127.0.0.1', () => say('listening ' + server.address().port));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
