package dev.switchboard.hub.server.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.hub.DataType;
import dev.switchboard.hub.server.protocol.Payload;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream side of one client connection: sends its events in order (each waits for the one
 * before it, retries included), and keeps what later events repeat — the user id, the subprotocol
 * and the connection state ({@code ce-connectionState}), which any blocking event's answer may
 * replace. Thread-safe: methods may be called from any thread; order is call order.
 */
public final class UpstreamConnection {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE_HEADER = "ce-connectionState";

  private final Upstream upstream;
  private final String hub;
  private final String connectionId;
  private final AtomicLong eventIds = new AtomicLong();
  private volatile String userId;
  private volatile String subprotocol;
  private volatile String state;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null); // guarded by this

  UpstreamConnection(Upstream upstream, String hub, String connectionId) {
    this.upstream = upstream;
    this.hub = hub;
    this.connectionId = connectionId;
  }

  public String hub() {
    return hub;
  }

  public String connectionId() {
    return connectionId;
  }

  /** The user id events carry: the token's, or the one the connect handler chose. */
  public String userId() {
    return userId;
  }

  /** The subprotocol events carry, null for none. */
  public String subprotocol() {
    return subprotocol;
  }

  /** The last connection state a handler set; null when none was ever set. */
  public String state() {
    return state;
  }

  /**
   * Sends {@code connect} (blocking, spec §4.4). Without a connect handler the client is accepted
   * on its token alone. Never completes exceptionally: failures become {@link ConnectResult.Rejected}
   * (the handler's 4xx/5xx; 500 when unreachable, timed out or answering nonsense; 503 when the
   * hub's upstream queue is full). A 4xx/5xx answer is not retried; network failures are.
   */
  public CompletableFuture<ConnectResult> connect(ConnectRequest request) {
    userId = request.userId();
    subprotocol = request.selectedSubprotocol();
    return inOrder(() -> {
      Optional<EventHandler> handler = upstream.handlers(hub).forSystemEvent(SystemEvent.CONNECT);
      if (handler.isEmpty()) {
        return CompletableFuture.completedFuture(ConnectResult.Accepted.DEFAULTS);
      }
      ObjectNode body = JSON.createObjectNode();
      body.set("claims", JSON.valueToTree(request.claims()));
      body.set("query", JSON.valueToTree(request.query()));
      body.set("headers", JSON.valueToTree(request.headers()));
      body.set("subprotocols", JSON.valueToTree(request.subprotocols()));
      body.set("clientCertificates", JSON.createArrayNode());
      HttpRequest http = request(handler.get(), SystemEvent.CONNECT.eventName(), SystemEvent.CONNECT.ceType(),
          "application/json", bytes(body));
      return upstream.send(hub, handler.get(), http, false).handle((r, err) -> {
        if (err != null) {
          UpstreamException e = Upstream.unwrap(err);
          return (ConnectResult) new ConnectResult.Rejected(e.getMessage().contains("was not called") ? 503 : 500, e.getMessage());
        }
        return connectResult(r, request);
      });
    }).exceptionally(e -> new ConnectResult.Rejected(500, Upstream.unwrap(e).getMessage()));
  }

  private ConnectResult connectResult(HttpResponse<byte[]> r, ConnectRequest request) {
    int status = r.statusCode();
    if (status / 100 != 2) {
      return new ConnectResult.Rejected(status, reason(r));
    }
    takeState(r);
    if (r.body().length == 0) {
      return ConnectResult.Accepted.DEFAULTS;
    }
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      return new ConnectResult.Rejected(500, "the connect handler answered " + status + " with a body that is not JSON");
    }
    if (json == null || json.isMissingNode() || json.isNull()) {
      return ConnectResult.Accepted.DEFAULTS;
    }
    if (!json.isObject()) {
      return new ConnectResult.Rejected(500, "the connect handler's answer is not a JSON object");
    }
    try {
      String user = text(json, "userId");
      String sub = text(json, "subprotocol");
      if (sub != null && !request.subprotocols().contains(sub)) {
        return new ConnectResult.Rejected(500, "the connect handler chose subprotocol '" + sub
            + "', which the client did not offer " + request.subprotocols());
      }
      ConnectResult.Accepted accepted = new ConnectResult.Accepted(user, strings(json, "groups"), strings(json, "roles"), sub);
      if (user != null) {
        userId = user;
      }
      if (sub != null) {
        subprotocol = sub;
      }
      return accepted;
    } catch (IllegalArgumentException e) {
      return new ConnectResult.Rejected(500, "the connect handler's answer is invalid: " + e.getMessage());
    }
  }

  /**
   * Sends {@code connected} (non-blocking: call it after the client got {@code system/connected}).
   * Failures are logged; the future completes normally once the event is done with.
   */
  public CompletableFuture<Void> connected() {
    return system(SystemEvent.CONNECTED, "{}");
  }

  /**
   * Sends {@code disconnected} with {@code reason}, once per connection whose connect succeeded.
   * Failures are logged; the future completes normally once the event is done with.
   */
  public CompletableFuture<Void> disconnected(String reason) {
    ObjectNode body = JSON.createObjectNode().put("reason", reason == null ? "" : reason);
    return system(SystemEvent.DISCONNECTED, body.toString());
  }

  private CompletableFuture<Void> system(SystemEvent event, String body) {
    return this.<Void>inOrder(() -> {
      Optional<EventHandler> handler = upstream.handlers(hub).forSystemEvent(event);
      if (handler.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      HttpRequest http = request(handler.get(), event.eventName(), event.ceType(), "application/json",
          body.getBytes(StandardCharsets.UTF_8));
      return upstream.send(hub, handler.get(), http, true).<Void>handle((r, err) -> {
        if (err != null) {
          LOG.warn("{} event of connection {} in hub {} not delivered: {}", event.eventName(), connectionId, hub,
              Upstream.unwrap(err).getMessage());
        } else if (r.statusCode() / 100 != 2) {
          LOG.warn("{} event of connection {} in hub {}: the handler answered {}", event.eventName(), connectionId, hub, r.statusCode());
        }
        return null;
      });
    }).exceptionally(e -> {
      LOG.warn("{} event of connection {} in hub {} not sent: {}", event.eventName(), connectionId, hub, Upstream.unwrap(e).getMessage());
      return null;
    });
  }

  /**
   * Sends user event {@code event} (blocking per connection) with {@code data} as the body.
   * Completes with the handler's answer as a payload for the client ({@code text/*} → text,
   * {@code application/json} → json, {@code application/x-protobuf} → protobuf, else binary), or
   * empty for 204 or an empty body. Fails with {@link UpstreamException}: the handler's non-2xx
   * status (after retries of 408/5xx), or status 0 when no handler matches or none answered.
   */
  public CompletableFuture<Optional<Payload>> userEvent(String event, Payload data) {
    return inOrder(() -> {
      Optional<EventHandler> handler = upstream.handlers(hub).forUserEvent(event);
      if (handler.isEmpty()) {
        return CompletableFuture.failedFuture(new UpstreamException(0, "hub '" + hub + "' has no event handler for user event '" + event + "'"));
      }
      HttpRequest http = request(handler.get(), event, "azure.webpubsub.user." + event, contentType(data.dataType()), data.data());
      return upstream.send(hub, handler.get(), http, true).thenApply(r -> {
        if (r.statusCode() / 100 != 2) {
          throw new CompletionException(new UpstreamException(r.statusCode(),
              "the handler of user event '" + event + "' answered " + r.statusCode() + ": " + reason(r)));
        }
        takeState(r);
        if (r.statusCode() == 204 || r.body().length == 0) {
          return Optional.<Payload>empty();
        }
        return Optional.of(new Payload(dataType(r.headers().firstValue("Content-Type").orElse("")), r.body()));
      });
    });
  }

  // ------------------------------------------------------------------------------------- helpers

  private <T> CompletableFuture<T> inOrder(Supplier<CompletableFuture<T>> step) {
    synchronized (this) {
      CompletableFuture<T> next = tail.handle((v, e) -> null).thenCompose(v -> {
        try {
          return step.get();
        } catch (RuntimeException e) { // e.g. a user id that is not a legal header value
          return CompletableFuture.failedFuture(new UpstreamException(0, "the event cannot be sent: " + e.getMessage()));
        }
      });
      tail = next;
      return next;
    }
  }

  private HttpRequest request(EventHandler handler, String eventName, String ceType, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(handler.url(hub, eventName))
        .version(java.net.http.HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with webhook servers
        .timeout(upstream.options().requestTimeout())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", contentType)
        .header("ce-specversion", Upstream.SPEC_VERSION)
        .header("ce-awpsversion", Upstream.AWPS_VERSION)
        .header("ce-type", ceType)
        .header("ce-source", "/hubs/" + hub + "/client/" + connectionId)
        .header("ce-id", Long.toString(eventIds.getAndIncrement()))
        .header("ce-time", upstream.now())
        .header("ce-hub", hub)
        .header("ce-connectionId", connectionId)
        .header("ce-eventName", eventName)
        .header("ce-signature", upstream.signature(connectionId))
        .header("WebHook-Request-Origin", upstream.options().requestOrigin());
    String user = userId;
    if (user != null) {
      b.header("ce-userId", user);
    }
    String sub = subprotocol;
    if (sub != null) {
      b.header("ce-subprotocol", sub);
    }
    String s = state;
    if (s != null) {
      b.header(STATE_HEADER, s);
    }
    return b.build();
  }

  private void takeState(HttpResponse<?> r) {
    r.headers().firstValue(STATE_HEADER).ifPresent(s -> state = s);
  }

  private static String reason(HttpResponse<byte[]> r) {
    String body = new String(r.body(), StandardCharsets.UTF_8).strip();
    return body.length() > 500 ? body.substring(0, 500) + "…" : body;
  }

  static String contentType(DataType t) {
    return switch (t) {
      case TEXT -> "text/plain";
      case JSON -> "application/json";
      case BINARY -> "application/octet-stream";
      case PROTOBUF -> "application/x-protobuf";
    };
  }

  static DataType dataType(String contentType) {
    String ct = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (ct.startsWith("text/")) {
      return DataType.TEXT;
    }
    return switch (ct) {
      case "application/json" -> DataType.JSON;
      case "application/x-protobuf" -> DataType.PROTOBUF;
      default -> DataType.BINARY;
    };
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static List<String> strings(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException("'" + field + "' must be an array of strings");
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "UpstreamConnection[" + hub + "/" + connectionId + ", user=" + userId + ", subprotocol=" + subprotocol
        + ", state=" + (state == null ? "none" : state.length() + " chars") + "]";
  }
}
