package dev.switchboard.hub.server.client;

import dev.switchboard.hub.Connection;
import dev.switchboard.hub.ConnectionRequest;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubService;
import dev.switchboard.hub.server.HubSettings;
import dev.switchboard.hub.server.auth.AuthException;
import dev.switchboard.hub.server.auth.ClientClaims;
import dev.switchboard.hub.server.auth.ClientTokens;
import dev.switchboard.hub.server.auth.ReconnectionTokens;
import dev.switchboard.hub.server.protocol.ClientCodec;
import dev.switchboard.hub.server.protocol.ServerMessage;
import dev.switchboard.hub.server.protocol.Subprotocol;
import dev.switchboard.websocket.CloseEvent;
import dev.switchboard.websocket.Endpoint;
import dev.switchboard.websocket.Limits;
import dev.switchboard.websocket.Route;
import dev.switchboard.websocket.Session;
import dev.switchboard.websocket.Upgrade;
import dev.switchboard.websocket.UpgradeHandler;
import dev.switchboard.websocket.UpgradeRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client endpoint {@code /client/hubs/{hub}} and {@code /client/?hub={hub}} (spec §2.4, §3):
 * authenticates the access token ({@code access_token} query or {@code Authorization: Bearer}),
 * negotiates the subprotocol (answering exactly one offered value, verbatim), asks the
 * {@link ConnectGate} (upstream {@code connect} event), then serves the session as a simple or
 * PubSub client. Reliable clients reconnecting with {@code awps_connection_id} and
 * {@code awps_reconnection_token} are resumed without re-validating the access token; a refused
 * recovery is accepted and then closed with 1008. Thread-safe.
 */
public final class ClientEndpoint implements Endpoint, UpgradeHandler {

  private static final Logger log = LoggerFactory.getLogger(ClientEndpoint.class);

  /** The route prefix this endpoint serves. */
  public static final String PATH = "/client/*";

  private final HubService hubs;
  private final ClientTokens tokens;
  private final ReconnectionTokens reconnectionTokens;
  private final Function<String, HubSettings> settings;
  private final Function<String, Boolean> hubAllowed;
  private final URI publicEndpoint;
  private volatile ConnectGate gate = ConnectGate.TOKEN_ONLY;
  private volatile Limits limits = Limits.DEFAULT;

  public ClientEndpoint(HubService hubs, ClientTokens tokens, ReconnectionTokens reconnectionTokens,
      Function<String, HubSettings> settings, Function<String, Boolean> hubAllowed, URI publicEndpoint) {
    this.hubs = hubs;
    this.tokens = tokens;
    this.reconnectionTokens = reconnectionTokens;
    this.settings = settings;
    this.hubAllowed = hubAllowed;
    this.publicEndpoint = publicEndpoint;
  }

  public void gate(ConnectGate gate) {
    this.gate = gate;
  }

  /**
   * The transport limits of client sessions (the server's); each session runs under them with
   * its hub's keep-alive interval as {@link Limits#pingInterval()}.
   */
  public void limits(Limits limits) {
    this.limits = java.util.Objects.requireNonNull(limits, "limits");
  }

  /** The limits of a session of hub {@code hubName}: the server's, with the hub's keep-alive. */
  Limits sessionLimits(String hubName) {
    return limits.withPingInterval(settings.apply(hubName).keepAliveInterval());
  }

  /** The route to add to the WebSocket server. */
  public Route route() {
    return Route.of(PATH, this).withUpgradeHandler(this);
  }

  // ------------------------------------------------------------------ upgrade

  @Override
  public void onUpgrade(UpgradeRequest request, Upgrade upgrade) {
    try {
      decide(request, upgrade);
    } catch (RuntimeException e) {
      log.warn("client upgrade failed", e);
      upgrade.reject(500, "the hub failed to decide on this connection: " + e);
    }
  }

  private void decide(UpgradeRequest request, Upgrade upgrade) {
    String hubName = hubName(request);
    if (hubName == null) {
      upgrade.reject(404, "connect to /client/hubs/{hub} or /client/?hub={hub}");
      return;
    }
    Optional<String> selected = Subprotocol.select(request.subprotocols());
    String recoverId = request.queryParam("awps_connection_id");
    String recoverToken = request.queryParam("awps_reconnection_token");
    if (recoverId != null || recoverToken != null) {
      upgrade.accept(recovery(hubName, recoverId, recoverToken), selected.orElse(null), sessionLimits(hubName));
      return;
    }
    Hub hub;
    try {
      hub = hubs.findHub(hubName).orElse(null);
      if (hub == null) {
        if (!hubAllowed.apply(hubName)) {
          upgrade.reject(404, "no hub named '" + hubName + "' is declared");
          return;
        }
        hub = hubs.hub(hubName);
      }
    } catch (IllegalArgumentException e) {
      upgrade.reject(400, e.getMessage());
      return;
    }
    String token = token(request);
    ClientClaims claims = null;
    if (token == null) {
      if (!settings.apply(hub.name()).allowAnonymous()) {
        upgrade.reject(401, "no access token: pass ?access_token=<JWT> or 'Authorization: Bearer <JWT>' "
            + "(get one from the service SDK's getClientAccessToken or POST /api/hubs/" + hub.name() + "/:generateToken)");
        return;
      }
    } else {
      try {
        claims = tokens.validate(token, hubName, origin(request));
      } catch (AuthException e) {
        upgrade.reject(401, "invalid access token: " + e.getMessage());
        return;
      } catch (IllegalArgumentException e) {
        upgrade.reject(400, "cannot check the access token against this request: " + e.getMessage());
        return;
      }
    }
    String rawGroup = null;
    boolean rawNoEcho = false;
    if (selected.isEmpty()) {
      String mode = request.queryParam("webpubsub_mode");
      if (mode != null && mode.equals("sendToGroup")) {
        rawGroup = request.queryParam("group");
        if (rawGroup == null || rawGroup.isBlank()) {
          upgrade.reject(400, "webpubsub_mode=sendToGroup needs &group=<group>");
          return;
        }
        rawNoEcho = "true".equalsIgnoreCase(request.queryParam("noEcho"));
      } else if (mode != null && !mode.equals("sendEvent")) {
        upgrade.reject(400, "webpubsub_mode must be sendEvent or sendToGroup, was '" + mode + "'");
        return;
      }
    }
    Admission admission = new Admission(hub, hub.newConnectionId(), claims == null ? null : claims.userId(),
        claims == null ? List.of() : claims.roles(), claims == null ? List.of() : claims.groups(),
        selected.orElse(null), rawGroup, rawNoEcho);
    Map<String, List<String>> claimMap = claims == null ? Map.of() : claims.claims();
    gate.decide(admission, request, claimMap).whenComplete((d, t) -> {
      if (t != null) {
        log.warn("connect decision failed for hub {}", admission.hub().name(), t);
        upgrade.reject(500, "the connect handler failed: " + t.getMessage());
      } else if (!d.isAccepted()) {
        upgrade.reject(d.status(), d.reason() == null ? "" : d.reason());
      } else {
        try {
          upgrade.accept(d.admission(), d.admission().subprotocol(), sessionLimits(d.admission().hub().name()));
        } catch (IllegalArgumentException e) {
          upgrade.reject(500, "the connect handler chose a subprotocol the client did not offer: " + e.getMessage());
        }
      }
    });
  }

  private Recovery recovery(String hubName, String connectionId, String token) {
    Hub hub = hubs.findHub(hubName).orElse(null);
    if (connectionId == null || token == null) {
      return new Recovery(hub, connectionId, "recovery needs both awps_connection_id and awps_reconnection_token");
    }
    if (hub == null) {
      return new Recovery(null, connectionId, "no hub '" + hubName + "' holds connection " + connectionId);
    }
    try {
      reconnectionTokens.verify(connectionId, token);
    } catch (AuthException e) {
      return new Recovery(hub, connectionId, "invalid reconnection token: " + e.getMessage());
    }
    return new Recovery(hub, connectionId, null);
  }

  /** The hub from {@code /client/hubs/{hub}} or {@code /client/?hub=}; null for other paths. */
  static String hubName(UpgradeRequest request) {
    String raw = request.uri().getRawPath();
    if (raw == null) {
      return null;
    }
    if (raw.equals("/client") || raw.equals("/client/")) {
      String h = request.queryParam("hub");
      return h == null || h.isEmpty() ? null : h;
    }
    String prefix = "/client/hubs/";
    if (raw.startsWith(prefix)) {
      String rest = raw.substring(prefix.length());
      if (rest.endsWith("/")) {
        rest = rest.substring(0, rest.length() - 1);
      }
      if (rest.isEmpty() || rest.contains("/")) {
        return null;
      }
      return URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    return null;
  }

  private static String token(UpgradeRequest request) {
    String t = request.queryParam("access_token");
    if (t != null && !t.isBlank()) {
      return t.strip();
    }
    String auth = request.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String b = auth.substring(7).strip();
      return b.isEmpty() ? null : b;
    }
    return null;
  }

  private URI origin(UpgradeRequest request) {
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      var a = request.localAddress();
      String ip = a.getAddress().getHostAddress();
      host = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
    return URI.create((request.isSecure() ? "https" : "http") + "://" + host.strip());
  }

  // ------------------------------------------------------------------ sessions

  @Override
  public void onOpen(Session session) {
    Object attachment = session.attachment();
    if (attachment instanceof Recovery r) {
      resume(session, r);
    } else if (attachment instanceof Admission a) {
      open(session, a);
    } else {
      session.close(1011, "no admission");
    }
  }

  private ClientCodec codec(String subprotocol) {
    return subprotocol == null ? null : Subprotocol.of(subprotocol).map(ClientCodec::of).orElse(null);
  }

  private void open(Session session, Admission a) {
    ClientCodec codec = codec(a.subprotocol());
    ClientSession client = new ClientSession(session, codec, hubs.scheduler(), a.rawGroup(), a.rawNoEcho());
    session.attachment(client);
    boolean reliable = codec != null && codec.subprotocol().isReliable();
    if (codec != null) {
      client.send(new ServerMessage.Connected(a.connectionId(), a.userId(),
          reliable ? reconnectionTokens.issue(a.connectionId()) : null));
    }
    try {
      ConnectionRequest request = new ConnectionRequest(a.connectionId(), a.userId(), a.roles(), a.groups(),
          a.subprotocol() == null ? "" : a.subprotocol(), reliable);
      Connection connection = a.hub().connect(request, client);
      client.attach(connection);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.info("refusing connection {} to hub {}: {}", a.connectionId(), a.hub().name(), e.getMessage());
      if (codec != null) {
        client.send(new ServerMessage.Disconnected(e.getMessage()));
      }
      session.close(ClientSession.POLICY_VIOLATION, ClientSession.closeReason(e.getMessage()));
    }
  }

  private void resume(Session session, Recovery r) {
    if (r.refusal() != null || r.hub() == null) {
      session.close(ClientSession.POLICY_VIOLATION, ClientSession.closeReason(r.refusal()));
      return;
    }
    Optional<Connection> local = r.hub().localConnection(r.connectionId());
    String protocol = local.map(Connection::protocol).orElse("");
    if (local.isPresent() && !protocol.equals(session.protocol())) {
      session.close(ClientSession.POLICY_VIOLATION, "recovery must use the original subprotocol " + protocol);
      return;
    }
    ClientCodec codec = codec(session.protocol().isEmpty() ? null : session.protocol());
    ClientSession client = new ClientSession(session, codec, hubs.scheduler(), null, false);
    session.attachment(client);
    Optional<Connection> resumed = r.hub().resume(r.connectionId(), client);
    if (resumed.isEmpty()) {
      session.close(ClientSession.POLICY_VIOLATION,
          "connection " + r.connectionId() + " cannot be recovered: it is closed, expired or unknown");
      return;
    }
    client.attach(resumed.get());
  }

  @Override
  public void onText(Session session, String text) {
    if (session.attachment() instanceof ClientSession c) {
      c.onFrame(text.getBytes(StandardCharsets.UTF_8), true);
    }
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    if (session.attachment() instanceof ClientSession c) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      c.onFrame(bytes, false);
    }
  }

  @Override
  public void onClose(Session session, CloseEvent event) {
    if (session.attachment() instanceof ClientSession c) {
      c.onTransportClosed(event);
    }
  }

  /** The query of an upgrade request as the connect event's {@code query} map (decoded). */
  static Map<String, List<String>> query(UpgradeRequest request) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String q = request.query();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public String toString() {
    return "ClientEndpoint[" + hubs + "]";
  }
}
