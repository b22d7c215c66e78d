package dev.switchboard.hub.server.it;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import dev.switchboard.hub.server.HubServer;
import dev.switchboard.hub.server.HubServerConfig;
import dev.switchboard.websocket.WebSocketClient;
import java.util.List;

/** A hub on an ephemeral loopback port, with a known key, and clients for it. Thread-safe. */
public final class RunningHub implements AutoCloseable {

  public static final String KEY = "switchboard-test-key-0123456789abcdef";

  public final HubServer server;
  public final WebSocketClient ws = WebSocketClient.builder().build();

  public RunningHub(HubServerConfig config) {
    server = HubServer.start(config);
  }

  public static RunningHub start() {
    return new RunningHub(config());
  }

  public static HubServerConfig config() {
    return HubServerConfig.defaults().withPort(0).withAccessKeys(List.of(KEY));
  }

  public String connectionString() {
    return server.connectionString().format();
  }

  public String base() {
    return server.endpoint().toString();
  }

  /** Azure's Java service SDK for {@code hub}, on the JDK's HTTP client. */
  public WebPubSubServiceClient sdk(String hub) {
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
