package dev.switchboard.websocket.interop;

import dev.switchboard.websocket.MessageType;
import dev.switchboard.websocket.interop.PeerEvent.Opened;
import dev.switchboard.websocket.interop.PeerEvent.Ping;
import dev.switchboard.websocket.interop.PeerEvent.Pong;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer in a Node.js process running {@code src/test/node/peer.mjs}: the {@code ws} library as
 * client or server, or headless Chromium. One process serves every connection of the peer; lines
 * on its stdin and stdout carry commands and events (the script's header documents them).
 */
final class NodePeer implements Peer.Client, Peer.Server {

  /** What the script runs. */
  enum Mode {
    WS_CLIENT("ws-client", "ws", false),
    WS_SERVER("ws-server", "ws", false),
    /** {@code ws} with permessage-deflate, compressing every message (RFC 7692). */
    WS_DEFLATE_CLIENT("ws-client", "ws", true),
    WS_DEFLATE_SERVER("ws-server", "ws", true),
    CHROMIUM("chromium", "chromium", false);

    final String arg;
    final String peerName;
    final boolean deflate;

    Mode(String arg, String peerName, boolean deflate) {
      this.arg = arg;
      this.peerName = peerName;
      this.deflate = deflate;
    }

    boolean isServer() {
      return arg.equals("ws-server");
    }

    /** Servers and Chromium announce themselves once ready; the ws client starts at once. */
    boolean announcesReady() {
      return !arg.equals("ws-client");
    }
  }

  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  private final Mode mode;
  private final Process process;
  private final Writer stdin;
  private final Path stderr;
  private final Map<String, NodeSide> sides = new ConcurrentHashMap<>();
  private final BlockingQueue<Side> accepted = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final AtomicInteger ids = new AtomicInteger();

  private NodePeer(Mode mode) throws IOException {
    this.mode = mode;
    Path dir = ExternalPeers.nodeDir();
    List<String> command = new ArrayList<>(List.of(ExternalPeers.nodeExecutable(), "peer.mjs", mode.arg));
    if (mode.deflate) {
      command.add("deflate");
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    if (mode == Mode.CHROMIUM) {
      pb.environment().put("CHROMIUM", ExternalPeers.chromium().toString());
    }
    Path logs = Files.createDirectories(ExternalPeers.moduleDir().resolve("target/node-peers"));
    this.stderr = logs.resolve(String.join("-", command.subList(2, command.size())) + ".stderr.log");
    pb.redirectError(stderr.toFile());
    this.process = pb.start();
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readEvents, "node-" + mode.arg);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the process; servers and Chromium are waited for until they are ready. */
  static NodePeer start(Mode mode) throws Exception {
    NodePeer peer = new NodePeer(mode);
    if (mode.announcesReady()) {
      try {
        peer.ready.get(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        peer.close();
        throw new AssertionError("node peer " + mode.arg + " did not start: " + e + "; stderr: " + peer.stderrTail(), e);
      }
    }
    return peer;
  }

  @Override
  public String name() {
    return mode.peerName;
  }

  private void readEvents() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f[0].equals("0")) {
          ready.complete(f.length > 2 ? f[2] : "");
        } else if (f.length > 1) {
          side(f[0]).accept(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      ready.completeExceptionally(e);
    }
    String why = "node process ended (exit " + (process.isAlive() ? "?" : process.exitValue()) + "): " + stderrTail();
    ready.completeExceptionally(new IllegalStateException(why));
    sides.values().forEach(s -> {
      s.events.add(new PeerEvent.Failed(why));
      s.events.closed(1006, "", false);
    });
  }

  private NodeSide side(String id) {
    return sides.computeIfAbsent(id, k -> {
      NodeSide side = new NodeSide(k, mode.peerName + (mode.isServer() ? " server" : " client"));
      if (mode.isServer()) {
        accepted.add(side);
      }
      return side;
    });
  }

  String stderrTail() {
    try {
      String s = Files.readString(stderr);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  private synchronized void send(String id, String op, String... args) throws IOException {
    StringBuilder line = new StringBuilder(id).append(' ').append(op);
    for (String a : args) {
      line.append(' ').append(a);
    }
    stdin.write(line.append('\n').toString());
    stdin.flush();
  }

  private static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] b) {
    return b.length == 0 ? "-" : B64.encodeToString(b);
  }

  private static byte[] unb64(String s) {
    return s.equals("-") ? new byte[0] : UNB64.decode(s);
  }

  @Override
  public Side connect(URI uri) throws Exception {
    NodeSide side = side(String.valueOf(ids.incrementAndGet()));
    send(side.id, "connect", uri.toString());
    side.events.next(Opened.class);
    return side;
  }

  @Override
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + ready.join() + "/echo");
  }

  @Override
  public Side accepted() throws InterruptedException {
    Side side = accepted.poll(EventLog.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (side == null) {
      throw new AssertionError("node " + mode.arg + " accepted no connection within " + EventLog.TIMEOUT);
    }
    return side;
  }

  @Override
  public void forgetAccepted() {
    accepted.clear();
  }

  /** Closing stdin ends the script (Chromium included); it is killed if it lingers. */
  @Override
  public void close() throws Exception {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** One connection in the node process. */
  private final class NodeSide implements Side {
    private final String id;
    private final String name;
    private final EventLog events;

    NodeSide(String id, String name) {
      this.id = id;
      this.name = name;
      this.events = new EventLog(name + " #" + id);
    }

    void accept(String[] f) {
      switch (f[1]) {
        case "open" -> events.add(new Opened());
        case "message" -> {
          MessageType type = f[2].equals("text") ? MessageType.TEXT : MessageType.BINARY;
          long length = Long.parseLong(f[3]);
          byte[] data = length <= Payloads.KEEP_BYTES ? unb64(f[5]) : null;
          events.add(new PeerEvent.Message(type, length, f[4], data));
        }
        case "ping" -> events.add(new Ping(unb64(f[2])));
        case "pong" -> events.add(new Pong(unb64(f[2])));
        case "closed" -> events.closed(Integer.parseInt(f[2]), new String(unb64(f[3]), StandardCharsets.UTF_8),
            f[4].equals("?") ? null : Boolean.valueOf(f[4]));
        case "error" -> events.add(new PeerEvent.Failed(new String(unb64(f[2]), StandardCharsets.UTF_8)));
        default -> events.add(new PeerEvent.Failed("unknown event line: " + String.join(" ", f)));
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public EventLog events() {
      return events;
    }

    /** Chromium's WebSocket API sends whole messages and has no ping. */
    @Override
    public boolean can(Ability ability) {
      return mode != Mode.CHROMIUM || ability == Ability.ABORT || ability == Ability.SEND_OVER_16_MIB;
    }

    @Override
    public void sendText(String text) throws IOException {
      send(id, "text", b64(text));
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
      send(id, "binary", b64(data));
    }

    /** The peer makes the message itself: 16 MiB need not cross the pipe. */
    @Override
    public void sendLarge(MessageType type, int maxBytes) throws IOException {
      send(id, "large", type.name().toLowerCase(Locale.ROOT), String.valueOf(maxBytes), b64(Payloads.TEXT));
    }

    @Override
    public void sendFragment(String part, boolean first, boolean last) throws IOException {
      send(id, "fragment", b64(part), String.valueOf(last));
    }

    @Override
    public void ping(byte[] payload) throws IOException {
      send(id, "ping", b64(payload));
    }

    @Override
    public void close(int code, String reason) throws IOException {
      send(id, "close", String.valueOf(code), b64(reason));
    }

    @Override
    public void abort() throws IOException {
      send(id, "abort");
    }

    @Override
    public void dispose() {
      try {
        send(id, "dispose");
      } catch (IOException ignored) {
        // the process is gone
      }
    }
  }
}
