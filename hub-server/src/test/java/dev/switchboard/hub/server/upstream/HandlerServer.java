package dev.switchboard.hub.server.upstream;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on a loopback ephemeral port playing an upstream handler: it records every
 * request and answers with what the test's function returns (which may wait on a latch).
 */
final class HandlerServer implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase());
      return v == null ? null : String.join(",", v);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer of(int status) {
      return new Answer(status, Map.of(), new byte[0]);
    }

    static Answer of(int status, String contentType, String body) {
      return new Answer(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    Answer withHeader(String name, String value) {
      Map<String, String> h = new TreeMap<>(headers);
      h.put(name, value);
      return new Answer(status, h, body);
    }
  }

  /** Answers validation with {@code WebHook-Allowed-Origin: *}, everything else with 204. */
  static Answer allowAll(Request r) {
    return r.method().equals("OPTIONS") ? Answer.of(200).withHeader("WebHook-Allowed-Origin", "*") : Answer.of(204);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  volatile Function<Request, Answer> answer = HandlerServer::allowAll;

  HandlerServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
        Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
            exchange.getRequestBody().readAllBytes());
        requests.add(r);
        Answer a = answer.apply(r);
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(a.body());
          }
        }
      }
    });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI uri(String path) {
    return URI.create(base() + path);
  }

  /** The next request, waiting at most {@link #TIMEOUT}. */
  Request next() throws InterruptedException {
    Request r = requests.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the handler got no request within " + TIMEOUT);
    }
    return r;
  }

  /** The next request that is not a validation. */
  Request nextEvent() throws InterruptedException {
    Request r;
    do {
      r = next();
    } while (!r.method().equals("POST"));
    return r;
  }

  List<Request> drained() {
    List<Request> out = new java.util.ArrayList<>();
    requests.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
