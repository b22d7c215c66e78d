package dev.switchboard.hub.server.it;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import dev.switchboard.hub.server.HubServer;
import dev.switchboard.hub.server.HubServerConfig;
import dev.switchboard.websocket.WebSocketClient;
import java.util.List;

/** A hub on an ephemeral loopback port, with a known key, and clients for it. Thread-safe. */
final class RunningHub implements AutoCloseable {

  static final String KEY = "switchboard-test-key-0123456789abcdef";

  final HubServer server;
  final WebSocketClient ws = WebSocketClient.builder().build();

  RunningHub(HubServerConfig config) {
    server = HubServer.start(config);
  }

  static RunningHub start() {
    return new RunningHub(config());
  }

  static HubServerConfig config() {
    return HubServerConfig.defaults().withPort(0).withAccessKeys(List.of(KEY));
  }

  String connectionString() {
    return server.connectionString().format();
  }

  String base() {
    return server.endpoint().toString();
  }

  /** Azure's Java service SDK for {@code hub}, on the JDK's HTTP client. */
  WebPubSubServiceClient sdk(String hub) {
    return new WebPubSubServiceClientBuilder()
        .connectionString(connectionString())
        .hub(hub)
        .httpClient(new JdkHttpClientBuilder().build())
        .buildClient();
  }

  @Override
  public void close() {
    ws.close();
    server.close();
  }
}
