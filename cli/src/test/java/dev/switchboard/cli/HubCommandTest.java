package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.hub.server.auth.ConnectionString;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard hub}, run in-process on an ephemeral port. */
class HubCommandTest {

  static final Pattern LISTENING = Pattern.compile("switchboard hub listening on http://127\\.0\\.0\\.1:(\\d+) \\((epoll|nio)\\)");
  static final String KEY = "configured-key-0123456789abcdef0123";

  @TempDir
  Path dir;

  /** One run of the command with its own environment, output captured line by line. */
  static final class Run {
    final Lines out = new Lines();
    final Lines err = new Lines();
    final CompletableFuture<Void> stop = new CompletableFuture<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    static Run start(Map<String, String> env, String... args) {
      Run r = new Run();
      Thread t = new Thread(() -> {
        try {
          r.exit.complete(Main.run(args, InputStream.nullInputStream(), r.out.stream(), r.err.stream(), r.stop, env));
        } catch (Throwable e) {
          r.exit.completeExceptionally(e);
        }
      }, "hub-cli");
      t.setDaemon(true);
      t.start();
      return r;
    }

    String line() throws InterruptedException {
      return out.await(l -> true, Duration.ofSeconds(20));
    }

    int stopAndWait() throws Exception {
      stop.complete(null);
      return exit.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void printsTheAddressTheKeySourceAndAConnectionStringThatSignsRestCalls() throws Exception {
    Path keyFile = dir.resolve("conf/key");
    Run r = Run.start(Map.of(), "hub", "--port", "0", "--key-file", keyFile.toString());
    Matcher m = LISTENING.matcher(r.line());
    assertThat(m.matches()).isTrue();
    int port = Integer.parseInt(m.group(1));
    assertThat(r.line()).isEqualTo("access key: generated and stored in " + keyFile + " (used again on the next start)");
    String cs = r.line();
    assertThat(cs).startsWith("connection string: Endpoint=http://127.0.0.1:" + port + ";AccessKey=").endsWith(";Version=1.0;");
    ConnectionString parsed = ConnectionString.parse(cs.substring("connection string: ".length()));
    assertThat(Files.readString(keyFile).strip()).isEqualTo(parsed.accessKey());

    HttpClient http = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + port + "/api/hubs/chat/:generateToken?api-version=2024-01-01&userId=u1";
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + jwt(url, parsed.accessKey()))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("{\"token\":\"");
    HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(r.stopAndWait()).isZero();

    Run again = Run.start(Map.of(), "hub", "--port", "0", "--key-file", keyFile.toString());
    again.line();
    assertThat(again.line()).isEqualTo("access key: read from " + keyFile + " (generated on an earlier start)");
    assertThat(again.line()).contains("AccessKey=" + parsed.accessKey() + ";");
    assertThat(again.stopAndWait()).isZero();
  }

  @Test
  void ephemeralKeysAreNotStored() throws Exception {
    Run r = Run.start(Map.of("XDG_CONFIG_HOME", dir.toString()), "hub", "--port", "0", "--ephemeral-key");
    r.line();
    assertThat(r.line()).isEqualTo("access key: generated for this run only (--ephemeral-key; not stored)");
    assertThat(r.stopAndWait()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void configFileThenEnvironmentThenOptions() throws Exception {
    Path config = dir.resolve("hub.yaml");
    Files.writeString(config, "port: 1\naccessKeys: [\"" + KEY + "\"]\nhubs: { chat: { anonymousConnectPolicy: allow } }\n");
    Run r = Run.start(Map.of("SWITCHBOARD_HUB_CONFIG", config.toString(), "SWITCHBOARD_HUB_PORT", "2"), "hub", "--port", "0");
    assertThat(LISTENING.matcher(r.line()).matches()).isTrue();
    assertThat(r.line()).isEqualTo("access key: configured (primary)");
    assertThat(r.line()).contains("AccessKey=" + KEY + ";");
    assertThat(r.stopAndWait()).isZero();
  }

  @Test
  void badConfigurationIsAUsageErrorNamingTheProblem() throws Exception {
    Path config = dir.resolve("hub.yaml");
    Files.writeString(config, "hubs: { chat: { anonymousConnectPolicy: maybe } }\n");
    Run r = Run.start(Map.of(), "hub", "--config", config.toString(), "--ephemeral-key");
    assertThat(r.exit.get(20, TimeUnit.SECONDS)).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err.await(l -> l.contains("anonymousConnectPolicy"), Duration.ofSeconds(5))).contains("allow or deny");

    Run shortKey = Run.start(Map.of("SWITCHBOARD_HUB_ACCESS_KEY", "short"), "hub", "--port", "0");
    assertThat(shortKey.exit.get(20, TimeUnit.SECONDS)).isEqualTo(Main.EXIT_USAGE);
    assertThat(shortKey.err.await(l -> l.contains("32"), Duration.ofSeconds(5))).contains("access key");
  }

  /** An HS256 JWT as the SDKs sign REST calls: aud = the request URL, exp in an hour. */
  static String jwt(String aud, String key) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    long exp = System.currentTimeMillis() / 1000 + 3600;
    String body = b64.encodeToString(("{\"aud\":\"" + aud + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig = b64.encodeToString(mac.doFinal((header + "." + body).getBytes(StandardCharsets.UTF_8)));
    return header + "." + body + "." + sig;
  }
}
