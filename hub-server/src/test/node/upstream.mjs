// The official Azure Web PubSub event handler (@azure/web-pubsub-express) on express, as the
// upstream of ExpressHandlerInteropTest. Usage: node upstream.mjs <hub> <allowed endpoint URL>
// Prints "listening <port>" once ready, then one JSON line per event it handled. Ends when stdin
// closes. The handlers exercise every answer kind and keep a counter in the connection state.
import express from "express";
import { WebPubSubEventHandler } from "@azure/web-pubsub-express";

const [hub, allowedEndpoint] = process.argv.slice(2);
const log = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const handler = new WebPubSubEventHandler(hub, {
  allowedEndpoints: [allowedEndpoint],
  handleConnect: (req, res) => {
    log({ event: "connect", context: req.context, claims: req.claims, query: req.queries, headers: req.headers,
      subprotocols: req.subprotocols });
    if (req.context.userId === "reject-me") {
      res.fail(401, "not you");
      return;
    }
    res.setState("counter", 1);
    res.success({ userId: "user-from-handler", groups: ["g1"], roles: ["webpubsub.sendToGroup"],
      subprotocol: req.subprotocols?.[0] });
  },
  onConnected: (req) => log({ event: "connected", context: req.context }),
  handleUserEvent: (req, res) => {
    log({ event: "user", context: req.context, data: typeof req.data === "string" ? req.data : null,
      dataType: req.dataType });
    if (req.context.eventName === "fail") {
      res.fail(400, "bad event");
      return;
    }
    res.setState("counter", (req.context.states.counter ?? 0) + 1);
    res.success("echo:" + req.data, "text");
  },
  onDisconnected: (req) => log({ event: "disconnected", context: req.context, reason: req.reason }),
});

const app = express();
app.use(handler.getMiddleware());
const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write("listening " + server.address().port + "\n");
});
process.stdin.resume();
process.stdin.on("end", () => server.close(() => process.exit(0)));
