// A foreign WebSocket peer for Switchboard's interop tests, driven line by line over stdin/stdout.
//
//   node peer.mjs ws-client   the `ws` library as a client
//   node peer.mjs ws-server   the `ws` library as an echo server on 127.0.0.1 (prints "0 listening PORT")
//   node peer.mjs chromium    headless Chromium (Debian's /usr/bin/chromium through playwright-core)
// With "deflate" after ws-client or ws-server, `ws` negotiates permessage-deflate and compresses every
// message (threshold 0); without it the client keeps ws's default and the server declines compression.
//
// Commands, one per line: "<id> <op> <args...>". Free text and bytes travel as base64.
//   connect URL | text B64 | binary B64 | large binary|text MAXBYTES B64-UNIT | fragment B64 LAST
//   | ping B64 | close CODE B64 | abort | dispose
// Events, one per line: "<id> <event> <args...>".
//   open | message text|binary LENGTH SHA256 B64-or-- | ping B64 | pong B64
//   closed CODE B64-REASON true|false|? | error B64
// Servers number their connections themselves and announce each with "<id> open".
// The process exits when stdin closes. Everything listens and connects on loopback only.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';

const SMALL = 64 * 1024;
const mode = process.argv[2];
const deflate = process.argv[3] === 'deflate' ? { perMessageDeflate: { threshold: 0 } } : {};

const b64 = (buf) => Buffer.from(buf).toString('base64');
const unb64 = (s) => Buffer.from(s ?? '', 'base64');
const emit = (id, ...fields) => process.stdout.write(`${id} ${fields.join(' ')}\n`);

/** The deterministic binary payload of "large": the same formula as the Java side's Payloads.pattern. */
function pattern(n) {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >>> 11)) & 0xff;
  return b;
}

/** The text payload of "large": UNIT repeated to at most MAXBYTES of UTF-8, as Payloads.largeText. */
function largeText(maxBytes, unit) {
  return unit.repeat(Math.floor(maxBytes / Buffer.byteLength(unit)));
}

function emitMessage(id, data, isBinary) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
  const sha = createHash('sha256').update(buf).digest('hex');
  emit(id, 'message', isBinary ? 'binary' : 'text', buf.length, sha, buf.length <= SMALL ? b64(buf) || '-' : '-');
}

/** Wires a `ws` socket (either role) to the event stream; a server echoes data messages. */
function attach(id, ws, echo) {
  let closed = false;
  ws.on('message', (data, isBinary) => {
    emitMessage(id, data, isBinary);
    if (echo) ws.send(data, { binary: isBinary });
  });
  ws.on('ping', (data) => emit(id, 'ping', b64(data) || '-'));
  ws.on('pong', (data) => emit(id, 'pong', b64(data) || '-'));
  ws.on('error', (e) => emit(id, 'error', b64(String(e.message))));
  ws.on('close', (code, reason) => {
    if (!closed) {
      closed = true;
      emit(id, 'closed', code, b64(reason) || '-', code === 1006 ? 'false' : '?');
    }
  });
}

/** Runs one command on a `ws` socket. */
function wsCommand(ws, op, args) {
  switch (op) {
    case 'text': ws.send(unb64(args[0]).toString('utf8')); break;
    case 'binary': ws.send(unb64(args[0]), { binary: true }); break;
    case 'large':
      if (args[0] === 'text') ws.send(largeText(Number(args[1]), unb64(args[2]).toString('utf8')));
      else ws.send(pattern(Number(args[1])), { binary: true });
      break;
    case 'fragment': ws.send(unb64(args[0]).toString('utf8'), { binary: false, fin: args[1] === 'true' }); break;
    case 'ping': ws.ping(unb64(args[0])); break;
    case 'close': ws.close(Number(args[0]), unb64(args[1]).toString('utf8')); break;
    case 'abort': ws.terminate(); break;
    default: throw new Error(`unknown op ${op}`);
  }
}

// ------------------------------------------------------------------ ws client and server

const sockets = new Map();

async function wsClient(id, op, args) {
  if (op === 'connect') {
    const ws = new WebSocket(args[0], { maxPayload: 64 << 20, ...deflate });
    sockets.set(id, ws);
    attach(id, ws, false);
    ws.on('open', () => emit(id, 'open'));
    return;
  }
  wsCommand(sockets.get(id), op, args);
}

function wsServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 << 20, ...deflate });
  let next = 1;
  wss.on('listening', () => emit(0, 'listening', wss.address().port));
  wss.on('connection', (ws) => {
    const id = next++;
    sockets.set(String(id), ws);
    attach(id, ws, true);
    emit(id, 'open');
  });
  return async (id, op, args) => wsCommand(sockets.get(id), op, args);
}

// ------------------------------------------------------------------ Chromium

// Runs in the page: one WebSocket per page, reporting through the exposed function `report`.
const PAGE_SCRIPT = `
const b64 = (u8) => { let s = ''; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return btoa(s) || '-'; };
const unb64 = (s) => Uint8Array.from(atob(s === '-' ? '' : s), (c) => c.charCodeAt(0));
window.peer = {
  connect(url) {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    window.ws = ws;
    ws.onopen = () => report('open');
    ws.onerror = () => report('error ' + btoa('error event'));
    ws.onclose = (e) => report('closed ' + e.code + ' ' + b64(new TextEncoder().encode(e.reason)) + ' ' + e.wasClean);
    ws.onmessage = async (e) => {
      const binary = typeof e.data !== 'string';
      const bytes = binary ? new Uint8Array(e.data) : new TextEncoder().encode(e.data);
      const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
          .map((b) => b.toString(16).padStart(2, '0')).join('');
      report('message ' + (binary ? 'binary ' : 'text ') + bytes.length + ' ' + sha + ' '
          + (bytes.length <= ${SMALL} ? b64(bytes) : '-'));
    };
  },
  text(a) { window.ws.send(new TextDecoder().decode(unb64(a))); },
  binary(a) { window.ws.send(unb64(a)); },
  large(type, n, unit) {
    if (type === 'text') {
      const u = new TextDecoder().decode(unb64(unit));
      window.ws.send(u.repeat(Math.floor(Number(n) / new TextEncoder().encode(u).length)));
      return;
    }
    const b = new Uint8Array(Number(n));
    for (let i = 0; i < b.length; i++) b[i] = (i * 31 + (i >>> 11)) & 0xff;
    window.ws.send(b);
  },
  close(code, reason) { window.ws.close(Number(code), new TextDecoder().decode(unb64(reason))); },
};
`;

/** The PIDs of Chromium's network service processes started by this process. */
function networkServicePids() {
  const parent = {};
  const cmd = {};
  for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      parent[p] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      cmd[p] = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
    } catch {
      // the process ended while we looked
    }
  }
  const ours = (p) => {
    for (let q = parent[p]; q && q !== '0'; q = parent[q]) if (q === String(process.pid)) return true;
    return false;
  };
  return Object.keys(cmd).filter((p) => cmd[p].includes('network.mojom.NetworkService') && ours(p));
}

async function chromiumPeer() {
  const { chromium } = await import('playwright-core');
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>switchboard peer</title><script>${PAGE_SCRIPT}</script>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const pages = new Map();
  const shutdown = async () => {
    await context.close().catch(() => {});
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  };
  process.stdin.on('end', shutdown);
  emit(0, 'ready', b64(context.browser()?.version() ?? 'chromium'));
  return async (id, op, args) => {
    if (op === 'connect') {
      const page = await context.newPage();
      pages.set(id, page);
      await page.exposeFunction('report', (line) => emit(id, line));
      await page.goto(origin);
      await page.evaluate((url) => window.peer.connect(url), args[0]);
      return;
    }
    if (op === 'abort') {
      // A page cannot drop its socket (closing or crashing it sends 1001), but killing the network
      // service, which Chromium restarts, drops the TCP connections under the pages.
      const pids = networkServicePids();
      if (pids.length === 0) throw new Error('no network service process found');
      pids.forEach((p) => process.kill(Number(p), 'SIGKILL'));
      return;
    }
    if (op === 'dispose') {
      await pages.get(id)?.close();
      pages.delete(id);
      return;
    }
    await pages.get(id).evaluate(([o, a]) => window.peer[o](...a), [op, args]);
  };
}

// ------------------------------------------------------------------ main loop

const handlers = {
  'ws-client': async () => wsClient,
  'ws-server': async () => wsServer(),
  chromium: chromiumPeer,
};
if (!handlers[mode]) {
  process.stderr.write(`usage: node peer.mjs ws-client|ws-server [deflate] | chromium\n`);
  process.exit(2);
}
const handle = await handlers[mode]();
const queues = new Map(); // per connection, commands run one after the other
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [id, op, ...args] = line.trim().split(' ');
  if (!op) return;
  if (op === 'dispose' && mode !== 'chromium') {
    sockets.get(id)?.terminate();
    sockets.delete(id);
    return;
  }
  const previous = queues.get(id) ?? Promise.resolve();
  queues.set(id, previous.then(() => handle(id, op, args)).catch((e) => emit(id, 'error', b64(String(e?.message ?? e)))));
});
process.stdin.on('end', () => {
  if (mode !== 'chromium') process.exit(0);
});
