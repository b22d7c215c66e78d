package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plain HTTP requests beside WebSocket routes, answered by an {@link HttpService}, over loopback. */
class HttpServiceTest {

  private WebSocketServer server;
  private final BlockingQueue<HttpRequest> seen = new LinkedBlockingQueue<>();

  private WebSocketServer start(HttpService service, ServerLimits limits) {
    server = WebSocketServer.builder()
        .route("/ws", new Endpoint() {
          @Override
          public void onText(Session s, String text) {
            s.sendText("echo:" + text);
          }
        })
        .http(request -> {
          seen.add(request);
          return service.handle(request);
        })
        .limits(limits)
        .start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2)).join();
    }
  }

  @Test
  void aJdkHttpClientGetsTheServicesAnswerWithItsHeaders() throws Exception {
    start(r -> CompletableFuture.completedFuture(
        HttpResponse.json(202, "{\"ok\":true}").withHeader("x-ms-error-code", "none")), ServerLimits.DEFAULT);
    HttpClient client = HttpClient.newHttpClient();
    var res = client.send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/api/hubs/h/users/a%2Fb/:send?api-version=1&x=1&x=2"))
            .header("Authorization", "Bearer t")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(202);
    assertThat(res.body()).isEqualTo("{\"ok\":true}");
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(res.headers().firstValue("x-ms-error-code")).hasValue("none");

    HttpRequest r = seen.poll(5, TimeUnit.SECONDS);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.rawPath()).isEqualTo("/api/hubs/h/users/a%2Fb/:send");
    assertThat(r.path()).isEqualTo("/api/hubs/h/users/a/b/:send");
    assertThat(r.queryParams("x")).containsExactly("1", "2");
    assertThat(r.queryParam("api-version")).isEqualTo("1");
    assertThat(r.queryParams("missing")).isEmpty();
    assertThat(r.header("authorization")).isEqualTo("Bearer t");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(r.absoluteUrl())
        .isEqualTo("http://127.0.0.1:" + server.port() + "/api/hubs/h/users/a%2Fb/:send?api-version=1&x=1&x=2");
    assertThat(r.isSecure()).isFalse();
  }

  @Test
  void keptAliveRequestsOnOneConnectionAreAnsweredInOrderEvenWhenPipelined() throws Exception {
    // The first answer comes later than the second request arrives: order must still hold.
    CompletableFuture<HttpResponse> slow = new CompletableFuture<>();
    start(r -> r.path().equals("/slow") ? slow : CompletableFuture.completedFuture(HttpResponse.text(200, r.path())),
        ServerLimits.DEFAULT);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(seen.poll(5, TimeUnit.SECONDS).path()).isEqualTo("/slow");
      assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).as("second waits for the first answer").isNull();
      slow.complete(HttpResponse.text(200, "/slow"));
      String both = readUntil(s.getInputStream(), 0, "/fast");
      assertThat(both.indexOf("/slow")).isLessThan(both.indexOf("/fast"));
      assertThat(both).startsWith("HTTP/1.1 200 OK").doesNotContain("connection: close");
    }
  }

  @Test
  void headGetsTheHeadersAndContentLengthButNoBody() throws Exception {
    start(r -> CompletableFuture.completedFuture(HttpResponse.text(200, "twelve bytes")), ServerLimits.DEFAULT);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "HEAD /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      String res = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(res).startsWith("HTTP/1.1 200 OK").contains("content-length: 12").endsWith("\r\n\r\n");
    }
  }

  @Test
  void aBodyOverTheLimitGets413AndNeverReachesTheService() throws Exception {
    start(r -> CompletableFuture.completedFuture(HttpResponse.of(200)), ServerLimits.DEFAULT.withMaxHttpBodyBytes(100));
    HttpClient client = HttpClient.newHttpClient();
    var res = client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/x"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[101])).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(seen).isEmpty();
  }

  @Test
  void aServiceThatThrowsOrFailsGives500AndTheConnectionServesTheNextRequest() throws Exception {
    start(r -> {
      if (r.path().equals("/throw")) {
        throw new IllegalStateException("boom");
      }
      if (r.path().equals("/fail")) {
        return CompletableFuture.failedFuture(new IllegalStateException("boom"));
      }
      return CompletableFuture.completedFuture(HttpResponse.text(200, "fine"));
    }, ServerLimits.DEFAULT);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "GET /throw HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), 0, "internal server error")).startsWith("HTTP/1.1 500");
      write(s, "GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), 0, "internal server error")).startsWith("HTTP/1.1 500");
      write(s, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), 0, "fine")).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aServiceThatNeverAnswersGets503AfterTheResponseTimeoutAndALateAnswerIsIgnored() throws Exception {
    CompletableFuture<HttpResponse> never = new CompletableFuture<>();
    start(r -> never, ServerLimits.DEFAULT.withHttpResponseTimeout(Duration.ofMillis(300)));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      String res = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(res).startsWith("HTTP/1.1 503").contains("did not answer within");
      never.complete(HttpResponse.text(200, "late")); // must not throw or write to a closed channel
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    start(r -> CompletableFuture.completedFuture(HttpResponse.text(200, "x")),
        ServerLimits.DEFAULT.withHttpIdleTimeout(Duration.ofMillis(300)));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      String res = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII); // ends at EOF
      assertThat(res).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nx");
    }
  }

  @Test
  void aWebSocketUpgradeStillWorksBesideTheServiceEvenAfterAPlainRequestOnTheSameConnection() throws Exception {
    start(r -> CompletableFuture.completedFuture(HttpResponse.text(200, "plain")), ServerLimits.DEFAULT);
    try (WebSocketClient client = WebSocketClient.builder().build()) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      Session ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new Endpoint() {
        @Override
        public void onText(Session s, String text) {
          got.add(text);
        }
      }).get(5, TimeUnit.SECONDS);
      ws.sendText("hi");
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:hi");
      ws.close(1000, "").get(5, TimeUnit.SECONDS);
    }
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), 0, "\r\n\r\nplain")).startsWith("HTTP/1.1 200");
      write(s, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), 0, "\r\n\r\n"))
          .startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
    assertThat(seen).extracting(HttpRequest::path).containsExactly("/plain");
  }

  @Test
  void aServerWithOnlyAnHttpServiceStartsAndRefusesUpgradesWith404() throws Exception {
    server = WebSocketServer.builder().http(r -> CompletableFuture.completedFuture(HttpResponse.of(204))).start();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      write(s, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 404");
    }
    assertThatThrownBy(() -> WebSocketServer.builder().start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP service");
  }

  @Test
  void responsesRefuseBadHeadersAndStatuses() {
    assertThatThrownBy(() -> HttpResponse.of(101)).hasMessageContaining("200-599");
    assertThatThrownBy(() -> HttpResponse.of(200).withHeader("bad name", "v")).hasMessageContaining("token");
    assertThatThrownBy(() -> HttpResponse.of(200).withHeader("X", "a\r\nInjected: 1")).hasMessageContaining("line break");
    HttpResponse r = HttpResponse.text(200, "a").withBody("application/json", new byte[] {'1'});
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.headers()).hasSize(1);
    assertThat(List.of(r)).containsExactly(HttpResponse.json(200, "1"));
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads until the text read so far ends with {@code end} (bounded by the socket's timeout). */
  private static String readUntil(InputStream in, int unused, String end) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AtomicReference<String> text = new AtomicReference<>("");
    while (!text.get().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      buf.write(b);
      text.set(buf.toString(StandardCharsets.US_ASCII));
    }
    return text.get();
  }
}
