package dev.switchboard.hub.server.client;

import dev.switchboard.hub.Connection;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.HubListener;
import dev.switchboard.hub.Message;
import dev.switchboard.hub.UserEvent;
import dev.switchboard.hub.server.protocol.Payload;
import dev.switchboard.hub.server.upstream.ConnectRequest;
import dev.switchboard.hub.server.upstream.ConnectResult;
import dev.switchboard.hub.server.upstream.Upstream;
import dev.switchboard.hub.server.upstream.UpstreamConnection;
import dev.switchboard.websocket.UpgradeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Connects the hub to its upstream event handlers (spec §4): the blocking {@code connect} event
 * decides on each client ({@link ConnectGate}), and the core's {@code connected},
 * {@code disconnected} and user events become CloudEvents ({@link HubListener}). One
 * {@link UpstreamConnection} per accepted connection keeps its events in order and carries its
 * state. Thread-safe.
 */
public final class UpstreamBridge implements ConnectGate, HubListener {

  /** Headers never passed to the connect event: the credential, as Azure strips it (spec §4.4). */
  static final String STRIPPED_HEADER = "Authorization";

  private final Supplier<Upstream> upstream;
  private final Map<String, UpstreamConnection> connections = new ConcurrentHashMap<>();

  /** @param upstream the upstream client; null while the server is starting (clients then get 503) */
  public UpstreamBridge(Supplier<Upstream> upstream) {
    this.upstream = upstream;
  }

  private static String key(String hub, String connectionId) {
    return hub + "\n" + connectionId;
  }

  @Override
  public CompletionStage<Decision> decide(Admission a, UpgradeRequest request, Map<String, List<String>> claims) {
    Upstream u = upstream.get();
    if (u == null) {
      return CompletableFuture.completedFuture(Decision.reject(503, "the hub is starting; try again"));
    }
    UpstreamConnection uc = u.connection(a.hub().name(), a.connectionId());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.headerNames()) {
      if (name.equalsIgnoreCase(STRIPPED_HEADER)) {
        continue;
      }
      List<String> values = request.headers(name);
      if (!values.isEmpty()) {
        headers.put(name, values);
      }
    }
    ConnectRequest event = new ConnectRequest(a.userId(), a.subprotocol(), claims, ClientEndpoint.query(request),
        headers, dev.switchboard.hub.server.protocol.Subprotocol.offeredTokens(request.subprotocols()));
    return uc.connect(event).thenApply(result -> {
      if (result instanceof ConnectResult.Rejected r) {
        return Decision.reject(r.status() >= 400 && r.status() <= 599 ? r.status() : 500, r.reason());
      }
      ConnectResult.Accepted ok = (ConnectResult.Accepted) result;
      List<String> groups = a.groups();
      if (ok.groups() != null && !ok.groups().isEmpty()) {
        LinkedHashSet<String> union = new LinkedHashSet<>(a.groups());
        union.addAll(ok.groups());
        groups = new ArrayList<>(union);
      }
      connections.put(key(a.hub().name(), a.connectionId()), uc);
      return Decision.accept(a.withDecision(ok.userId() != null ? ok.userId() : a.userId(),
          ok.roles() != null ? ok.roles() : a.roles(), groups,
          ok.subprotocol() != null ? ok.subprotocol() : a.subprotocol()));
    });
  }

  @Override
  public void onConnected(Connection connection) {
    UpstreamConnection uc = connections.get(key(connection.hub(), connection.id()));
    if (uc != null) {
      uc.connected();
    }
  }

  @Override
  public void onDisconnected(Connection connection, String reason) {
    UpstreamConnection uc = connections.remove(key(connection.hub(), connection.id()));
    if (uc != null) {
      uc.disconnected(reason);
    }
  }

  @Override
  public CompletionStage<Optional<Message>> onUserEvent(Connection connection, UserEvent event) {
    UpstreamConnection uc = connections.get(key(connection.hub(), connection.id()));
    if (uc == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection " + connection.id() + " has no upstream"));
    }
    Payload data = new Payload(event.dataType(), event.payload());
    return uc.userEvent(event.event(), data).thenApply(reply -> reply.map(p ->
        Message.fromServer(p.dataType(), p.data())));
  }

  /** A connection the upgrade accepted but that never opened (client gone): forget it. */
  void forget(String hub, String connectionId) {
    connections.remove(key(hub, connectionId));
  }
}
