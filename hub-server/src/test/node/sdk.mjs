// Drives a running hub with Azure's official Node SDKs, unmodified: @azure/web-pubsub (service/REST)
// and @azure/web-pubsub-client (client). Started by SdkDriver.java with the connection string as
// its only argument. One JSON command per stdin line, one JSON line per result or event on stdout:
//
//   {"id":1,"op":"rest","hub":"h","method":"sendToAll","args":[...]}        WebPubSubServiceClient
//   {"id":2,"op":"rest","hub":"h","group":"g","method":"addUser","args":[...]}  its group(g) client
//   {"id":3,"op":"client.start","name":"a","hub":"h","userId":"u","roles":[],"groups":[],"protocol":"json.reliable",
//    "autoReconnect":false,"autoRejoinGroups":true,"expirationTimeInMinutes":60}
//   {"id":4,"op":"client.call","name":"a","method":"joinGroup","args":["g"]}  WebPubSubClient methods
//   {"id":5,"op":"client.drop","name":"a"}                                   abrupt TCP drop (ws terminate)
//
// Results: {"id":N,"ok":true,"value":...} or {"id":N,"ok":false,"error":"...","statusCode":401,"name":"..."}.
// Client events: {"client":"a","event":"connected"|"disconnected"|"stopped"|"group-message"|"server-message"
// |"rejoin-group-failed",...}.
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubClient, WebPubSubJsonProtocol, WebPubSubJsonReliableProtocol } from "@azure/web-pubsub-client";
import readline from "node:readline";

const connectionString = process.argv[2];
const services = new Map();
const clients = new Map();

function service(hub) {
  if (!services.has(hub)) {
    services.set(hub, new WebPubSubServiceClient(connectionString, hub, { allowInsecureConnection: true }));
  }
  return services.get(hub);
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function plain(value) {
  if (value === undefined) return null;
  if (value instanceof ArrayBuffer) return { base64: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  return value;
}

function decodeArg(a) {
  // {"$bytes":"base64"} stands for binary content.
  if (a && typeof a === "object" && typeof a.$bytes === "string") {
    const b = Buffer.from(a.$bytes, "base64");
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }
  return a;
}

async function rest(cmd) {
  let target = service(cmd.hub);
  if (cmd.group !== undefined) target = target.group(cmd.group);
  const args = (cmd.args || []).map(decodeArg);
  let value = await target[cmd.method](...args);
  if (cmd.method === "listConnections") {
    const all = [];
    for await (const c of value) all.push(c);
    value = all;
  }
  return value;
}

async function startClient(cmd) {
  const svc = service(cmd.hub);
  const protocol = cmd.protocol === "json" ? WebPubSubJsonProtocol() : WebPubSubJsonReliableProtocol();
  const client = new WebPubSubClient({
    getClientAccessUrl: async () => (await svc.getClientAccessToken({
      userId: cmd.userId, roles: cmd.roles || [], groups: cmd.groups || [],
      expirationTimeInMinutes: cmd.expirationTimeInMinutes,
    })).url,
  }, { protocol, autoReconnect: cmd.autoReconnect ?? false, autoRejoinGroups: cmd.autoRejoinGroups ?? true,
    reconnectRetryOptions: { retryDelayInMs: 100, maxRetries: 20 } });
  const name = cmd.name;
  client.on("connected", (e) => emit({ client: name, event: "connected", connectionId: e.connectionId, userId: e.userId ?? null }));
  client.on("disconnected", (e) => emit({ client: name, event: "disconnected", connectionId: e.connectionId ?? null, message: e.message?.message ?? null }));
  client.on("stopped", () => emit({ client: name, event: "stopped" }));
  client.on("rejoin-group-failed", (e) => emit({ client: name, event: "rejoin-group-failed", group: e.group,
    error: String(e.error?.message ?? e.error), errorDetail: e.error?.errorDetail ?? null }));
  client.on("group-message", (e) => emit({ client: name, event: "group-message", group: e.message.group, dataType: e.message.dataType,
    data: plain(e.message.data), fromUserId: e.message.fromUserId ?? null, sequenceId: e.message.sequenceId ?? null }));
  client.on("server-message", (e) => emit({ client: name, event: "server-message", dataType: e.message.dataType,
    data: plain(e.message.data), sequenceId: e.message.sequenceId ?? null }));
  clients.set(name, client);
  await client.start();
  return null;
}

async function callClient(cmd) {
  const client = clients.get(cmd.name);
  const args = (cmd.args || []).map(decodeArg);
  return await client[cmd.method](...args);
}

function dropClient(cmd) {
  const client = clients.get(cmd.name);
  client._wsClient._socket.terminate();
  return null;
}

async function run(cmd) {
  switch (cmd.op) {
    case "rest": return rest(cmd);
    case "client.start": return startClient(cmd);
    case "client.call": return callClient(cmd);
    case "client.drop": return dropClient(cmd);
    default: throw new Error("unknown op " + cmd.op);
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    emit({ id: null, ok: false, error: "not JSON: " + line });
    return;
  }
  run(cmd).then(
    (value) => emit({ id: cmd.id, ok: true, value: plain(value) }),
    (err) => emit({ id: cmd.id, ok: false, error: String(err?.message ?? err), statusCode: err?.statusCode ?? null,
      name: err?.name ?? null, errorDetail: err?.errorDetail ?? null }));
});
rl.on("close", () => {
  for (const c of clients.values()) { try { c.stop(); } catch { /* closing anyway */ } }
  setTimeout(() => process.exit(0), 200);
});
emit({ ready: true });
