package dev.switchboard.hub.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.hub.server.upstream.EventHandler;
import dev.switchboard.hub.server.upstream.SystemEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link HubServerConfig} from a JSON or YAML file and from environment variables, each
 * applied over a base configuration (defaults &lt; file &lt; environment &lt; command line).
 * Unknown keys and bad values are {@link IllegalArgumentException}s naming the key. Stateless and
 * thread-safe.
 *
 * <p>The file (YAML shown; the same keys in JSON):
 *
 * <pre>
 * host: 127.0.0.1
 * port: 8080
 * accessKeys: [ "key-of-at-least-32-bytes........" ]   # primary, then optional secondary
 * publicEndpoint: https://hub.example.com
 * allowUndeclaredHubs: true          # false: only the hubs below exist (others: 404)
 * limits: { maxHttpBodyBytes: 1MiB, maxMessageBytes: 1MiB, handshakeTimeoutSeconds: 30, maxBufferedBytes: 16MiB }
 * tls: { certificateChain: cert.pem, privateKey: key.pem }   # relative to the file
 * hubs:
 *   chat:
 *     anonymousConnectPolicy: deny          # or allow
 *     keepAliveIntervalSeconds: 20
 *     eventHandlers:
 *       - urlTemplate: http://127.0.0.1:3000/api/webpubsub/hubs/{hub}/{event}
 *         userEventPattern: "*"
 *         systemEvents: [connect, connected, disconnected]
 * </pre>
 */
public final class HubConfigLoader {

  /** The environment variables read by {@link #applyEnvironment}, and what they set. */
  public static final Map<String, String> ENVIRONMENT = envTable();

  private static final Set<String> TOP_KEYS =
      Set.of("host", "port", "accessKeys", "publicEndpoint", "allowUndeclaredHubs", "limits", "tls", "hubs");
  private static final Set<String> LIMIT_KEYS = Set.of("maxHttpBodyBytes", "maxMessageBytes", "handshakeTimeoutSeconds", "maxBufferedBytes");
  private static final Set<String> TLS_KEYS = Set.of("certificateChain", "privateKey");
  private static final Set<String> HUB_KEYS = Set.of("eventHandlers", "anonymousConnectPolicy", "keepAliveIntervalSeconds");
  private static final Set<String> HANDLER_KEYS = Set.of("urlTemplate", "userEventPattern", "systemEvents");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(?:([kmg])(?:i?b)?|b)?");

  private HubConfigLoader() {}

  private static Map<String, String> envTable() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("SWITCHBOARD_HUB_CONFIG", "path of the JSON or YAML config file (the command line's --config wins)");
    m.put("SWITCHBOARD_HUB_HOST", "host");
    m.put("SWITCHBOARD_HUB_PORT", "port");
    m.put("SWITCHBOARD_HUB_ACCESS_KEY", "the primary access key");
    m.put("SWITCHBOARD_HUB_SECONDARY_ACCESS_KEY", "the secondary access key");
    m.put("SWITCHBOARD_HUB_PUBLIC_ENDPOINT", "publicEndpoint");
    m.put("SWITCHBOARD_HUB_ALLOW_UNDECLARED_HUBS", "allowUndeclaredHubs");
    m.put("SWITCHBOARD_HUB_MAX_HTTP_BODY_BYTES", "limits.maxHttpBodyBytes");
    m.put("SWITCHBOARD_HUB_MAX_MESSAGE_BYTES", "limits.maxMessageBytes");
    m.put("SWITCHBOARD_HUB_HANDSHAKE_TIMEOUT_SECONDS", "limits.handshakeTimeoutSeconds");
    m.put("SWITCHBOARD_HUB_MAX_BUFFERED_BYTES", "limits.maxBufferedBytes");
    m.put("SWITCHBOARD_HUB_TLS_CERT", "tls.certificateChain");
    m.put("SWITCHBOARD_HUB_TLS_KEY", "tls.privateKey");
    m.put("SWITCHBOARD_HUB_HUBS", "hubs, as inline JSON or YAML: {\"chat\":{\"anonymousConnectPolicy\":\"allow\"}}");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Applies the file {@code file} over {@code base}: YAML for {@code .yaml}/{@code .yml}, JSON
   * otherwise.
   *
   * @throws IllegalArgumentException if the file cannot be read or parsed, or a key or value is
   *     bad; the message names the file and the key
   */
  public static HubServerConfig applyFile(Path file, HubServerConfig base) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    JsonNode root = parse(text, yaml, "config file " + file);
    Path dir = file.toAbsolutePath().getParent();
    try {
      return apply(root, base, dir);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Applies a configuration document (JSON, or YAML when {@code yaml}) over {@code base}. */
  public static HubServerConfig applyText(String text, boolean yaml, HubServerConfig base) {
    return apply(parse(text, yaml, "config"), base, Path.of("").toAbsolutePath());
  }

  /**
   * Applies the {@code SWITCHBOARD_HUB_*} variables of {@code env} (see {@link #ENVIRONMENT}) over
   * {@code base}; unset or empty variables change nothing.
   *
   * @throws IllegalArgumentException naming the variable with a bad value
   */
  public static HubServerConfig applyEnvironment(Map<String, String> env, HubServerConfig base) {
    HubServerConfig c = base;
    String v;
    try {
      if ((v = get(env, "SWITCHBOARD_HUB_HOST")) != null) {
        c = c.withHost(v);
      }
      if ((v = get(env, "SWITCHBOARD_HUB_PORT")) != null) {
        c = c.withPort(parseInt(v, "SWITCHBOARD_HUB_PORT"));
      }
      String primary = get(env, "SWITCHBOARD_HUB_ACCESS_KEY");
      String secondary = get(env, "SWITCHBOARD_HUB_SECONDARY_ACCESS_KEY");
      if (primary != null || secondary != null) {
        List<String> keys = new ArrayList<>(c.accessKeys());
        if (primary != null) {
          if (keys.isEmpty()) {
            keys.add(primary);
          } else {
            keys.set(0, primary);
          }
        }
        if (secondary != null) {
          if (keys.isEmpty()) {
            throw new IllegalArgumentException("SWITCHBOARD_HUB_SECONDARY_ACCESS_KEY needs a primary key too");
          }
          if (keys.size() > 1) {
            keys.set(1, secondary);
          } else {
            keys.add(secondary);
          }
        }
        c = c.withAccessKeys(keys);
      }
      if ((v = get(env, "SWITCHBOARD_HUB_PUBLIC_ENDPOINT")) != null) {
        c = c.withPublicEndpoint(uri(v, "SWITCHBOARD_HUB_PUBLIC_ENDPOINT"));
      }
      if ((v = get(env, "SWITCHBOARD_HUB_ALLOW_UNDECLARED_HUBS")) != null) {
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("SWITCHBOARD_HUB_ALLOW_UNDECLARED_HUBS must be true or false, was '" + v + "'");
        }
        c = c.withAllowUndeclaredHubs(Boolean.parseBoolean(v));
      }
      if ((v = get(env, "SWITCHBOARD_HUB_MAX_HTTP_BODY_BYTES")) != null) {
        c = c.withMaxHttpBodyBytes(byteSize(v, "SWITCHBOARD_HUB_MAX_HTTP_BODY_BYTES"));
      }
      if ((v = get(env, "SWITCHBOARD_HUB_MAX_MESSAGE_BYTES")) != null) {
        c = c.withMaxMessageBytes(byteSize(v, "SWITCHBOARD_HUB_MAX_MESSAGE_BYTES"));
      }
      if ((v = get(env, "SWITCHBOARD_HUB_HANDSHAKE_TIMEOUT_SECONDS")) != null) {
        c = c.withHandshakeTimeout(Duration.ofSeconds(parseInt(v, "SWITCHBOARD_HUB_HANDSHAKE_TIMEOUT_SECONDS")));
      }
      if ((v = get(env, "SWITCHBOARD_HUB_MAX_BUFFERED_BYTES")) != null) {
        c = c.withMaxBufferedBytes(byteSize(v, "SWITCHBOARD_HUB_MAX_BUFFERED_BYTES"));
      }
      String cert = get(env, "SWITCHBOARD_HUB_TLS_CERT");
      String key = get(env, "SWITCHBOARD_HUB_TLS_KEY");
      if (cert != null || key != null) {
        if (cert == null || key == null) {
          throw new IllegalArgumentException("SWITCHBOARD_HUB_TLS_CERT and SWITCHBOARD_HUB_TLS_KEY go together");
        }
        c = c.withTls(Path.of(cert), Path.of(key));
      }
      if ((v = get(env, "SWITCHBOARD_HUB_HUBS")) != null) {
        JsonNode hubs = parse(v, !v.strip().startsWith("{"), "SWITCHBOARD_HUB_HUBS");
        c = applyHubs(hubs, c, "SWITCHBOARD_HUB_HUBS");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("environment: " + e.getMessage(), e);
    }
    return c;
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static JsonNode parse(String text, boolean yaml, String what) {
    ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    try {
      JsonNode root = mapper.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        return mapper.createObjectNode();
      }
      if (!root.isObject()) {
        throw new IllegalArgumentException(what + " must hold an object (key: value pairs), found " + root.getNodeType());
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid " + (yaml ? "YAML" : "JSON") + ": "
          + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
    }
  }

  private static HubServerConfig apply(JsonNode root, HubServerConfig base, Path dir) {
    checkKeys(root, TOP_KEYS, "");
    HubServerConfig c = base;
    if (root.has("host")) {
      c = c.withHost(text(root.get("host"), "host"));
    }
    if (root.has("port")) {
      c = c.withPort(integer(root.get("port"), "port"));
    }
    if (root.has("accessKeys")) {
      JsonNode keys = root.get("accessKeys");
      List<String> list = new ArrayList<>();
      if (keys.isTextual()) {
        list.add(keys.asText());
      } else if (keys.isArray()) {
        for (int i = 0; i < keys.size(); i++) {
          list.add(text(keys.get(i), "accessKeys[" + i + "]"));
        }
      } else {
        throw new IllegalArgumentException("accessKeys must be a list of strings");
      }
      c = c.withAccessKeys(list);
    }
    if (root.has("publicEndpoint")) {
      c = c.withPublicEndpoint(uri(text(root.get("publicEndpoint"), "publicEndpoint"), "publicEndpoint"));
    }
    if (root.has("allowUndeclaredHubs")) {
      JsonNode v = root.get("allowUndeclaredHubs");
      if (v.isBoolean()) {
        c = c.withAllowUndeclaredHubs(v.booleanValue());
      } else if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
        c = c.withAllowUndeclaredHubs(Boolean.parseBoolean(v.asText()));
      } else {
        throw new IllegalArgumentException("allowUndeclaredHubs must be true or false, was " + v);
      }
    }
    if (root.has("limits")) {
      JsonNode limits = object(root.get("limits"), "limits");
      checkKeys(limits, LIMIT_KEYS, "limits.");
      if (limits.has("maxHttpBodyBytes")) {
        c = c.withMaxHttpBodyBytes(byteSize(limits.get("maxHttpBodyBytes"), "limits.maxHttpBodyBytes"));
      }
      if (limits.has("maxMessageBytes")) {
        c = c.withMaxMessageBytes(byteSize(limits.get("maxMessageBytes"), "limits.maxMessageBytes"));
      }
      if (limits.has("handshakeTimeoutSeconds")) {
        c = c.withHandshakeTimeout(Duration.ofSeconds(
            integer(limits.get("handshakeTimeoutSeconds"), "limits.handshakeTimeoutSeconds")));
      }
      if (limits.has("maxBufferedBytes")) {
        c = c.withMaxBufferedBytes(byteSize(limits.get("maxBufferedBytes"), "limits.maxBufferedBytes"));
      }
    }
    if (root.has("tls")) {
      JsonNode tls = object(root.get("tls"), "tls");
      checkKeys(tls, TLS_KEYS, "tls.");
      if (!tls.has("certificateChain") || !tls.has("privateKey")) {
        throw new IllegalArgumentException("tls needs both certificateChain and privateKey");
      }
      c = c.withTls(dir.resolve(text(tls.get("certificateChain"), "tls.certificateChain")),
          dir.resolve(text(tls.get("privateKey"), "tls.privateKey")));
    }
    if (root.has("hubs")) {
      c = applyHubs(root.get("hubs"), c, "hubs");
    }
    return c;
  }

  private static HubServerConfig applyHubs(JsonNode hubs, HubServerConfig base, String where) {
    object(hubs, where);
    HubServerConfig c = base;
    for (Iterator<Map.Entry<String, JsonNode>> it = hubs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String at = where + "." + name;
      if (!name.matches("[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}")) {
        throw new IllegalArgumentException(at + ": a hub name starts with a letter and has up to 128 letters, "
            + "digits and _`,.[]");
      }
      c = c.withHub(name, hubSettings(e.getValue() == null || e.getValue().isNull()
          ? new ObjectMapper().createObjectNode() : e.getValue(), at));
    }
    return c;
  }

  private static HubSettings hubSettings(JsonNode hub, String at) {
    object(hub, at);
    checkKeys(hub, HUB_KEYS, at + ".");
    HubSettings s = HubSettings.DEFAULT;
    try {
      if (hub.has("anonymousConnectPolicy")) {
        String policy = text(hub.get("anonymousConnectPolicy"), at + ".anonymousConnectPolicy").toLowerCase(Locale.ROOT);
        if (!policy.equals("allow") && !policy.equals("deny")) {
          throw new IllegalArgumentException(at + ".anonymousConnectPolicy must be allow or deny, was " + policy);
        }
        s = s.withAllowAnonymous(policy.equals("allow"));
      }
      if (hub.has("keepAliveIntervalSeconds")) {
        s = s.withKeepAliveInterval(Duration.ofSeconds(integer(hub.get("keepAliveIntervalSeconds"), at + ".keepAliveIntervalSeconds")));
      }
      if (hub.has("eventHandlers")) {
        JsonNode handlers = hub.get("eventHandlers");
        if (!handlers.isArray()) {
          throw new IllegalArgumentException(at + ".eventHandlers must be a list");
        }
        List<EventHandler> list = new ArrayList<>();
        for (int i = 0; i < handlers.size(); i++) {
          String hat = at + ".eventHandlers[" + i + "]";
          JsonNode h = object(handlers.get(i), hat);
          checkKeys(h, HANDLER_KEYS, hat + ".");
          if (!h.has("urlTemplate")) {
            throw new IllegalArgumentException(hat + ".urlTemplate is required");
          }
          java.util.Set<SystemEvent> system = java.util.EnumSet.noneOf(SystemEvent.class);
          if (h.has("systemEvents")) {
            JsonNode se = h.get("systemEvents");
            if (se.isTextual()) {
              for (String part : se.asText().split(",")) {
                if (!part.isBlank()) {
                  system.add(systemEvent(part, hat + ".systemEvents"));
                }
              }
            } else if (se.isArray()) {
              for (int j = 0; j < se.size(); j++) {
                system.add(systemEvent(text(se.get(j), hat + ".systemEvents[" + j + "]"), hat + ".systemEvents[" + j + "]"));
              }
            } else {
              throw new IllegalArgumentException(hat + ".systemEvents must be a list");
            }
          }
          try {
            list.add(new EventHandler(text(h.get("urlTemplate"), hat + ".urlTemplate"),
                h.has("userEventPattern") ? text(h.get("userEventPattern"), hat + ".userEventPattern") : "",
                system));
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(hat + ": " + ex.getMessage(), ex);
          }
        }
        s = s.withEventHandlers(list);
      }
    } catch (IllegalArgumentException ex) {
      if (ex.getMessage().startsWith(at)) {
        throw ex;
      }
      throw new IllegalArgumentException(at + ": " + ex.getMessage(), ex);
    }
    return s;
  }

  private static SystemEvent systemEvent(String name, String at) {
    return SystemEvent.of(name).orElseThrow(() -> new IllegalArgumentException(
        at + " may hold connect, connected, disconnected; not '" + name.strip() + "'"));
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + prefix + k + "'; known keys: "
            + new java.util.TreeSet<>(allowed).stream().map(a -> prefix + a).toList());
      }
    }
  }

  private static JsonNode object(JsonNode n, String at) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(at + " must be an object (key: value pairs)");
    }
    return n;
  }

  private static String text(JsonNode n, String at) {
    if (n == null || !(n.isTextual() || n.isNumber() || n.isBoolean())) {
      throw new IllegalArgumentException(at + " must be a string");
    }
    return n.asText();
  }

  private static int integer(JsonNode n, String at) {
    if (n != null && n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n != null && n.isTextual()) {
      return parseInt(n.asText(), at);
    }
    throw new IllegalArgumentException(at + " must be a whole number");
  }

  private static int parseInt(String s, String at) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(at + " must be a whole number, was '" + s + "'");
    }
  }

  private static long byteSize(JsonNode n, String at) {
    if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n != null && n.isTextual()) {
      return byteSize(n.asText(), at);
    }
    throw new IllegalArgumentException(at + " must be a byte count such as 1048576 or 1MiB");
  }

  /** A byte count: digits, optionally followed by KiB, MiB or GiB (or k, m, g). */
  static long byteSize(String value, String at) {
    Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(at + " must be a byte count such as 1048576 or 1MiB, was '" + value + "'");
    }
    long v = Long.parseLong(m.group(1));
    int shift = m.group(2) == null ? 0 : "kmg".indexOf(m.group(2)) * 10 + 10;
    if (v > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException(at + " is too large: " + value);
    }
    return v << shift;
  }

  private static URI uri(String s, String at) {
    try {
      URI u = new URI(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new IllegalArgumentException(at + " must be an absolute http(s) URL such as https://hub.example.com, was '" + s + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(at + " is not a URL: " + e.getMessage());
    }
  }
}
