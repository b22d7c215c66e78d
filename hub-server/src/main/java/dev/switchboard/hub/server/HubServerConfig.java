package dev.switchboard.hub.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link HubServer} needs to start: where to listen, the access keys, the public
 * endpoint, the hubs' settings and the limits. Immutable and thread-safe; build with {@link
 * #defaults()} and the {@code withX} copies, or load with {@link HubConfigLoader}.
 *
 * @param host the address to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for every
 *     interface)
 * @param port the port (default {@value #DEFAULT_PORT}; 0 picks a free one)
 * @param accessKeys one or two access keys (primary, then secondary), each at least 32 UTF-8
 *     bytes; empty means "none configured", which {@link HubServer#start} refuses
 * @param publicEndpoint the URL clients and SDKs use to reach the hub (e.g. behind a proxy), or
 *     null for {@code http(s)://host:port}; tokens whose {@code aud} names it are accepted too
 * @param hubs settings of declared hubs, by lower-case name (hub names are case-insensitive);
 *     other hubs are created on first use with {@link HubSettings#DEFAULT}
 * @param maxHttpBodyBytes largest REST request body (default 1 MiB); larger: HTTP 413
 * @param maxMessageBytes largest WebSocket message from a client (default 1 MiB, Azure's limit);
 *     larger: close 1009
 * @param handshakeTimeout how long a client's opening handshake may take, the upstream
 *     {@code connect} event included (default 30 s); then the socket is closed
 * @param maxBufferedBytes most bytes waiting to be written to one client's socket (default 16
 *     MiB, at least 1 KiB, and it should hold the largest message a client may be sent): a
 *     client that reads slower than it is sent to is cut off at the first message that would
 *     pass it — closed with 1008 and gone ({@code disconnected} upstream), or, if reliable,
 *     closed with 1013 and left recoverable, its un-acked messages kept by the replay buffer
 * @param tlsCertificate PEM certificate chain to serve {@code https}/{@code wss}, or null
 * @param tlsPrivateKey its unencrypted PKCS#8 PEM private key, or null
 * @param allowUndeclaredHubs whether hubs missing from {@code hubs} are created on first use
 *     (default true, as Azure does); false refuses them: REST calls answer 404 {@code NotFound}
 *     naming the hub, and client connections fail their handshake with HTTP 404
 */
public record HubServerConfig(
    String host,
    int port,
    List<String> accessKeys,
    URI publicEndpoint,
    Map<String, HubSettings> hubs,
    long maxHttpBodyBytes,
    long maxMessageBytes,
    Duration handshakeTimeout,
    long maxBufferedBytes,
    Path tlsCertificate,
    Path tlsPrivateKey,
    boolean allowUndeclaredHubs) {

  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_HTTP_BODY_BYTES = 1L << 20;
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 1L << 20;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 16L << 20;

  public HubServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    accessKeys = List.copyOf(accessKeys);
    if (accessKeys.size() > 2) {
      throw new IllegalArgumentException("at most two access keys (primary and secondary), got " + accessKeys.size());
    }
    if (publicEndpoint != null) {
      String s = publicEndpoint.getScheme();
      if (s == null || !(s.equals("http") || s.equals("https")) || publicEndpoint.getHost() == null) {
        throw new IllegalArgumentException("publicEndpoint must be an absolute http(s) URL, was " + publicEndpoint);
      }
    }
    Map<String, HubSettings> copy = new LinkedHashMap<>();
    hubs.forEach((name, settings) -> copy.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(settings, name)));
    hubs = Map.copyOf(copy);
    if (maxHttpBodyBytes < 0) {
      throw new IllegalArgumentException("maxHttpBodyBytes must not be negative, was " + maxHttpBodyBytes);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
    }
    if (maxBufferedBytes < 1024) {
      throw new IllegalArgumentException("maxBufferedBytes must be at least 1024 (1KiB), was " + maxBufferedBytes);
    }
    if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
      throw new IllegalArgumentException("tls needs both certificateChain and privateKey");
    }
  }

  /** Port 8080 on 127.0.0.1, no keys, no declared hubs, default limits, no TLS. */
  public static HubServerConfig defaults() {
    return new HubServerConfig("127.0.0.1", DEFAULT_PORT, List.of(), null, Map.of(),
        DEFAULT_MAX_HTTP_BODY_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_BUFFERED_BYTES, null, null, true);
  }

  /** The settings of hub {@code name}: declared ones, else {@link HubSettings#DEFAULT}. */
  public HubSettings hub(String name) {
    return hubs.getOrDefault(name.toLowerCase(Locale.ROOT), HubSettings.DEFAULT);
  }

  public boolean isTls() {
    return tlsCertificate != null;
  }

  public HubServerConfig withHost(String v) {
    return new HubServerConfig(v, port, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withPort(int v) {
    return new HubServerConfig(host, v, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withAccessKeys(List<String> v) {
    return new HubServerConfig(host, port, v, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withPublicEndpoint(URI v) {
    return new HubServerConfig(host, port, accessKeys, v, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withHubs(Map<String, HubSettings> v) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, v, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  /** A copy with hub {@code name} declared with {@code settings} (replacing earlier settings). */
  public HubServerConfig withHub(String name, HubSettings settings) {
    Map<String, HubSettings> m = new LinkedHashMap<>(hubs);
    m.put(name.toLowerCase(Locale.ROOT), settings);
    return withHubs(m);
  }

  public HubServerConfig withMaxHttpBodyBytes(long v) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, hubs, v, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withMaxMessageBytes(long v) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, v,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withHandshakeTimeout(Duration v) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        v, maxBufferedBytes, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withMaxBufferedBytes(long v) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, v, tlsCertificate, tlsPrivateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withTls(Path certificate, Path privateKey) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, certificate, privateKey, allowUndeclaredHubs);
  }

  public HubServerConfig withAllowUndeclaredHubs(boolean v) {
    return new HubServerConfig(host, port, accessKeys, publicEndpoint, hubs, maxHttpBodyBytes, maxMessageBytes,
        handshakeTimeout, maxBufferedBytes, tlsCertificate, tlsPrivateKey, v);
  }

  /**
   * The server's limits for the docs, as {@link dev.switchboard.hub.HubLimits#catalog()} lists
   * the core's (docs/hub.md's "Server limits" table is checked against it by a test).
   */
  public static List<dev.switchboard.hub.HubLimits.Entry> limitsCatalog() {
    return List.of(
        new dev.switchboard.hub.HubLimits.Entry("limits.maxHttpBodyBytes", "1 MiB", "HTTP 413"),
        new dev.switchboard.hub.HubLimits.Entry("limits.maxMessageBytes", "1 MiB", "the client is closed with 1009"),
        new dev.switchboard.hub.HubLimits.Entry("limits.handshakeTimeoutSeconds", DEFAULT_HANDSHAKE_TIMEOUT.toSeconds() + " s",
            "the socket is closed without an answer (upstream connect event included)"),
        new dev.switchboard.hub.HubLimits.Entry("limits.maxBufferedBytes", (DEFAULT_MAX_BUFFERED_BYTES >> 20) + " MiB",
            "per client, bytes waiting for its socket: a client that is not reliable is closed with 1008 and gone "
                + "(disconnected fires); a reliable one is closed with 1013 and stays recoverable, the replay buffer "
                + "keeping its un-acked messages"),
        new dev.switchboard.hub.HubLimits.Entry("hubs.<hub>.keepAliveIntervalSeconds",
            HubSettings.DEFAULT_KEEP_ALIVE.toSeconds() + " s (1-120)",
            "an idle client of that hub is pinged; no frame within 10 s after the ping: TCP dropped (1006)"));
  }

  /** Whether hub {@code name} may be used: declared, or undeclared hubs are allowed. */
  public boolean isHubAllowed(String name) {
    return allowUndeclaredHubs || hubs.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Never prints the keys. */
  @Override
  public String toString() {
    return "HubServerConfig[" + host + ":" + port + ", " + accessKeys.size() + " keys, publicEndpoint="
        + publicEndpoint + ", hubs=" + hubs.keySet() + (allowUndeclaredHubs ? "" : " only") + ", tls=" + isTls() + "]";
  }
}
