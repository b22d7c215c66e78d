package dev.switchboard.hub.server.upstream;

import dev.switchboard.hub.server.auth.AccessKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends CloudEvents (HTTP binding, binary mode) to a hub's upstream event handlers (spec §4):
 * abuse-protection validation, every {@code ce-*} header, signatures over each access key,
 * per-attempt timeouts, retries with backoff through the injected {@link Scheduler}, and bounded
 * concurrency per hub. One instance serves every hub; {@link #connection} gives the per-connection
 * handle that keeps events in order and carries the connection state. Thread-safe.
 */
public final class Upstream {

  static final String SPEC_VERSION = "1.0";
  static final String AWPS_VERSION = "1.0";

  private final HttpClient http;
  private final Supplier<AccessKeys> keys;
  private final Function<String, EventHandlers> handlers;
  private final UpstreamOptions options;
  private final Scheduler scheduler;
  private final Clock clock;
  private final ConcurrentMap<String, HubGate> gates = new ConcurrentHashMap<>();
  private final ConcurrentMap<URI, Validation> validations = new ConcurrentHashMap<>();

  /**
   * @param http the client to send with (its executor runs the completions)
   * @param keys read on every event, so key rotation applies at once
   * @param handlers a hub's handlers by hub name ({@link EventHandlers#NONE} for none)
   */
  public Upstream(HttpClient http, Supplier<AccessKeys> keys, Function<String, EventHandlers> handlers,
      UpstreamOptions options, Scheduler scheduler, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.handlers = Objects.requireNonNull(handlers, "handlers");
    this.options = Objects.requireNonNull(options, "options");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The handle for one connection's events; create it when the connection is being accepted. */
  public UpstreamConnection connection(String hub, String connectionId) {
    return new UpstreamConnection(this, hub, connectionId);
  }

  public UpstreamOptions options() {
    return options;
  }

  EventHandlers handlers(String hub) {
    EventHandlers h = handlers.apply(hub);
    return h == null ? EventHandlers.NONE : h;
  }

  HubGate gate(String hub) {
    return gates.computeIfAbsent(hub.toLowerCase(Locale.ROOT),
        k -> new HubGate(hub, options.maxConcurrentPerHub(), options.maxQueuedPerHub()));
  }

  /** {@code sha256=<hex>} per access key, comma-separated: HMAC-SHA256(key, connectionId). */
  String signature(String connectionId) {
    StringBuilder sb = new StringBuilder();
    for (String key : keys.get().all()) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] h = mac.doFinal(connectionId.getBytes(StandardCharsets.UTF_8));
        sb.append(sb.length() == 0 ? "" : ",").append("sha256=").append(HexFormat.of().formatHex(h));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is unavailable", e);
      }
    }
    return sb.toString();
  }

  String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant());
  }

  /**
   * Sends one event request: validates the handler first, then tries up to
   * {@code 1 + retryDelays.size()} times. Completes with the final response (any status) or
   * exceptionally with an {@link UpstreamException} of status 0.
   */
  CompletableFuture<HttpResponse<byte[]>> send(String hub, EventHandler handler, HttpRequest request, boolean retryStatuses) {
    CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
    validated(hub, handler).whenComplete((ok, err) -> {
      if (err != null) {
        result.completeExceptionally(unwrap(err));
      } else {
        attempt(hub, request, retryStatuses, 0, result);
      }
    });
    return result;
  }

  private void attempt(String hub, HttpRequest request, boolean retryStatuses, int n,
      CompletableFuture<HttpResponse<byte[]>> result) {
    gate(hub).submit(() -> http.sendAsync(request, BoundedBody.handler(options.maxResponseBytes())))
        .whenComplete((response, err) -> {
          Throwable cause = err == null ? null : unwrapRaw(err);
          boolean retryable = cause != null
              ? !(cause instanceof HubGate.Full) && !(cause instanceof BoundedBody.TooLarge)
              : retryStatuses && (response.statusCode() == 408 || response.statusCode() >= 500);
          if (retryable && n < options.retryDelays().size()) {
            scheduler.schedule(options.retryDelays().get(n), () -> attempt(hub, request, retryStatuses, n + 1, result));
          } else if (cause != null) {
            result.completeExceptionally(new UpstreamException(0, describe(request, cause, n + 1)));
          } else {
            result.complete(response);
          }
        });
  }

  private static String describe(HttpRequest request, Throwable cause, int attempts) {
    String what = cause instanceof java.net.http.HttpTimeoutException ? "timed out"
        : cause instanceof java.net.ConnectException ? "refused the connection"
        : cause instanceof HubGate.Full ? "was not called: " + cause.getMessage()
        : cause instanceof BoundedBody.TooLarge ? "answered too much: " + cause.getMessage()
        : "failed: " + cause;
    return "upstream " + request.method() + " " + request.uri() + " " + what + " (" + attempts + " attempt" + (attempts > 1 ? "s" : "") + ")";
  }

  // ------------------------------------------------------------------------ abuse protection (§4.2)

  private final class Validation {
    final CompletableFuture<Void> result;
    volatile Instant failedAt;

    Validation(URI url) {
      this.result = validate(url);
      result.whenComplete((v, e) -> {
        if (e != null) {
          failedAt = clock.instant();
        }
      });
    }

    boolean isStale(Instant now) {
      Instant f = failedAt;
      return f != null && !now.isBefore(f.plus(options.validationRetryAfter()));
    }
  }

  CompletableFuture<Void> validated(String hub, EventHandler handler) {
    URI url = handler.url(hub, "validate");
    Instant now = clock.instant();
    return validations.compute(url, (k, old) -> old == null || old.isStale(now) ? new Validation(k) : old).result;
  }

  private CompletableFuture<Void> validate(URI url) {
    HttpRequest options = validationRequest(url, "OPTIONS");
    return http.sendAsync(options, BoundedBody.handler(this.options.maxResponseBytes()))
        .thenCompose(r -> r.statusCode() == 404
            ? http.sendAsync(validationRequest(url, "GET"), BoundedBody.handler(this.options.maxResponseBytes()))
            : CompletableFuture.completedFuture(r))
        .handle((r, err) -> {
          if (err != null) {
            throw new CompletionException(new UpstreamException(0,
                "abuse-protection validation of " + url + " failed: " + unwrapRaw(err)));
          }
          if (r.statusCode() / 100 != 2) {
            throw new CompletionException(new UpstreamException(0,
                "abuse-protection validation of " + url + " answered " + r.statusCode() + "; the handler must answer 2xx to OPTIONS"));
          }
          List<String> allowed = r.headers().allValues("WebHook-Allowed-Origin").stream()
              .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::strip).toList();
          if (allowed.stream().noneMatch(a -> a.equals("*") || a.equalsIgnoreCase(this.options.requestOrigin()))) {
            throw new CompletionException(new UpstreamException(0, "abuse-protection validation of " + url
                + ": WebHook-Allowed-Origin " + allowed + " allows neither '*' nor this service's origin '"
                + this.options.requestOrigin() + "'; add it to the handler's allowed endpoints"));
          }
          return null;
        });
  }

  private HttpRequest validationRequest(URI url, String method) {
    return HttpRequest.newBuilder(url)
        .version(HttpClient.Version.HTTP_1_1)
        .timeout(options.requestTimeout())
        .method(method, HttpRequest.BodyPublishers.noBody())
        .header("WebHook-Request-Origin", options.requestOrigin())
        .header("ce-awpsversion", AWPS_VERSION)
        .build();
  }

  static Throwable unwrapRaw(Throwable t) {
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static UpstreamException unwrap(Throwable t) {
    Throwable c = unwrapRaw(t);
    return c instanceof UpstreamException u ? u : new UpstreamException(0, "upstream call failed: " + c);
  }
}
