package dev.switchboard.conformance;

import dev.switchboard.conformance.Script.AwaitClientClose;
import dev.switchboard.conformance.Script.AwaitFrames;
import dev.switchboard.conformance.Script.Step;
import dev.switchboard.conformance.Script.Write;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.DecoderConfig;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.Handshake;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Role;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A scripted WebSocket server for one connection, the part of Autobahn's fuzzing server that
 * tests clients: it answers the upgrade, writes a case's raw bytes, decodes what the client sends
 * back with our codec (as a server, so unmasked client frames are reported) and observes how the
 * connection ends. Plain blocking sockets with two threads: the script (writes and waits) and a
 * reader, which hands decoded events to the script thread through a queue, so the peer keeps
 * reading while it writes a 4 MiB message.
 *
 * <p>Thread-safe as far as its public methods go; the observation is built on the script thread.
 */
final class FuzzingPeer implements AutoCloseable {

  /** How long any one wait for the client may take. */
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long the client may take to drop TCP after failing the connection: well under its close
   * timeout (5 s), so a client that waited for us to close would be caught.
   */
  static final Duration CLIENT_DROP_TIMEOUT = Duration.ofSeconds(2);

  /**
   * What the peer saw.
   *
   * @param frames the client's messages, pings and pongs before its close frame
   * @param closeCode the code of the client's close frame (1005 if it had no body), or null if
   *     none came
   * @param clientDroppedTcp true if the client ended TCP (FIN or RST) before the peer did
   * @param closedWhileAwaited true if the client's close frame came during an {@link
   *     AwaitClientClose} step, before the rest of the offending message was written
   * @param problems client misbehaviour beyond the case: a bad upgrade request, a frame that
   *     breaks RFC 6455 (unmasked...), bytes after its close frame, a frame the script waited
   *     for in vain
   */
  record Observation(
      List<Received> frames, Integer closeCode, boolean clientDroppedTcp, boolean closedWhileAwaited,
      List<String> problems) {}

  private sealed interface Event permits Frame, Close, TcpEnd, Problem {}

  private record Frame(Received received) implements Event {}

  private record Close(int code) implements Event {}

  private record TcpEnd() implements Event {}

  private record Problem(String message) implements Event {}

  private final ServerSocket server;
  private final List<Step> steps;
  private final boolean peerClosesFirst;
  private final CompletableFuture<Observation> observation = new CompletableFuture<>();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile Socket socket;
  private volatile boolean closing;

  // Script-thread state.
  private final List<Received> frames = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private Integer closeCode;
  private boolean tcpEnded;
  private boolean closedWhileAwaited;

  private FuzzingPeer(FuzzCase c) throws IOException {
    this.steps = c.steps();
    this.peerClosesFirst = c.expect().peerClosesFirst();
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    server.setSoTimeout((int) STEP_TIMEOUT.toMillis());
    Thread t = new Thread(this::run, "fuzzing-peer-" + c.id());
    t.setDaemon(true);
    t.start();
  }

  /** Listens on 127.0.0.1 and plays {@code c} to the first client that connects. */
  static FuzzingPeer start(FuzzCase c) throws IOException {
    return new FuzzingPeer(c);
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/fuzz");
  }

  /** Completes when the connection is over, or exceptionally if the peer itself broke. */
  CompletableFuture<Observation> observation() {
    return observation;
  }

  @Override
  public void close() throws IOException {
    closing = true;
    Socket s = socket;
    if (s != null) {
      s.close();
    }
    server.close();
  }

  // ---------------------------------------------------------------- script thread

  private void run() {
    try (Socket s = server.accept()) {
      socket = s;
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      byte[] switching = handshake(in, out);
      if (switching != null) {
        Thread reader = new Thread(() -> read(in), Thread.currentThread().getName() + "-reader");
        reader.setDaemon(true);
        reader.start();
        play(out, switching);
        finish(s, out);
      }
      observation.complete(new Observation(
          List.copyOf(frames), closeCode, tcpEnded, closedWhileAwaited, List.copyOf(problems)));
    } catch (Throwable t) {
      observation.completeExceptionally(t);
    } finally {
      closing = true;
    }
  }

  /** Sends the 101 answer, on its own or in one write with the first step's bytes, then the script. */
  private void play(OutputStream out, byte[] switching) throws InterruptedException {
    boolean together = !steps.isEmpty() && steps.get(0) instanceof Write w && w.withUpgrade();
    if (!together && !write(out, switching, Integer.MAX_VALUE)) {
      return;
    }
    for (Step step : steps) {
      if (step instanceof Write w) {
        byte[] bytes = w.withUpgrade() ? Wire.concat(switching, w.bytes()) : w.bytes();
        if (!write(out, bytes, w.withUpgrade() ? Integer.MAX_VALUE : w.chunkBytes())) {
          return; // the client is gone; what it did is in the events
        }
      } else if (step instanceof AwaitFrames a) {
        if (!awaitUntil(() -> frames.size() >= a.count() || closeCode != null || tcpEnded, STEP_TIMEOUT)) {
          problems.add("no frame #" + a.count() + " from the client within " + STEP_TIMEOUT + " (had " + frames + ")");
        }
      } else if (step instanceof AwaitClientClose) {
        closedWhileAwaited = awaitUntil(() -> closeCode != null || tcpEnded, STEP_TIMEOUT) && closeCode != null;
      }
    }
  }

  /**
   * Ends the connection as a server does. When the peer closed first, it drops TCP as soon as the
   * client's close arrives (RFC 6455 §7.1.1). When the client failed the connection, the peer
   * echoes its close and waits for the client to drop TCP, to see that it does.
   */
  private void finish(Socket s, OutputStream out) throws InterruptedException {
    awaitUntil(() -> closeCode != null || tcpEnded, STEP_TIMEOUT);
    drainPending();
    if (tcpEnded || closeCode == null) {
      return;
    }
    if (!peerClosesFirst) {
      byte[] echo = closeCode == CloseCode.NO_STATUS_RECEIVED.code() ? Wire.closeWithBody(new byte[0]) : Wire.close(closeCode, "");
      write(out, echo, Integer.MAX_VALUE);
      awaitUntil(() -> tcpEnded, CLIENT_DROP_TIMEOUT);
    }
    closing = true;
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Writes in flushed chunks; false if the client has gone (it may well have, after failing). */
  private static boolean write(OutputStream out, byte[] bytes, int chunkBytes) {
    try {
      int off = 0;
      do {
        int n = Math.min(chunkBytes, bytes.length - off);
        out.write(bytes, off, n);
        out.flush();
        off += n;
      } while (off < bytes.length);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Applies the reader's events until {@code done} holds or {@code timeout} passes; returns done. */
  private boolean awaitUntil(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e == null) {
        return false;
      }
      apply(e);
    }
    return true;
  }

  private void drainPending() {
    Event e;
    while ((e = events.poll()) != null) {
      apply(e);
    }
  }

  private void apply(Event e) {
    if (e instanceof Frame f) {
      frames.add(f.received());
    } else if (e instanceof Close c) {
      closeCode = c.code();
    } else if (e instanceof TcpEnd) {
      tcpEnded = true;
    } else if (e instanceof Problem p) {
      problems.add(p.message());
    }
  }

  // ---------------------------------------------------------------- handshake

  /**
   * Reads the upgrade request and returns the 101 answer to send; null (with a problem noted and
   * an HTTP error sent) if the request was not valid.
   */
  private byte[] handshake(InputStream in, OutputStream out) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    Handshake.Refusal refusal = requestLine.length != 3 ? new Handshake.Refusal(400, "bad request line")
        : Handshake.checkRequest(requestLine[0], requestLine[2], name -> headers.getOrDefault(name, List.of()));
    if (refusal != null) {
      problems.add("invalid upgrade request (" + refusal.message() + "): " + head);
      out.write(("HTTP/1.1 " + refusal.status() + " Refused\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return null;
    }
    String accept = Handshake.acceptKey(headers.get("Sec-WebSocket-Key").get(0));
    return ("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed before finishing its upgrade request: " + head);
      }
      if (head.size() > 16 * 1024) {
        throw new IOException("upgrade request head over 16 KiB");
      }
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- reader thread

  private void read(InputStream in) {
    FrameDecoder decoder = new FrameDecoder(DecoderConfig.of(Role.SERVER), new Collector());
    byte[] buf = new byte[64 * 1024];
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        ByteBuffer bytes = ByteBuffer.wrap(buf, 0, n);
        if (!decoder.isTerminated()) {
          decoder.decode(bytes);
        }
        if (decoder.isTerminated() && bytes.hasRemaining()) {
          events.add(new Problem("client sent " + bytes.remaining() + " bytes after its close frame"));
        }
      }
    } catch (IOException e) {
      if (closing) {
        return; // we closed the socket ourselves
      }
      // A reset from the client ends TCP as much as a FIN does.
    }
    events.add(new TcpEnd());
  }

  /** Turns decoder events into whole messages and control frames. Reader thread only. */
  private final class Collector implements FrameDecoder.Handler {
    private Opcode type;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();

    @Override
    public void onMessageStart(Opcode type, boolean compressed) {
      this.type = type;
      message.reset();
    }

    @Override
    public void onMessageData(ByteBuffer payload, boolean last) {
      message.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
      if (last) {
        events.add(new Frame(Received.message(type, message.toByteArray())));
      }
    }

    @Override
    public void onPing(ByteBuffer payload) {
      events.add(new Frame(new Received(Received.Kind.PING, copy(payload))));
    }

    @Override
    public void onPong(ByteBuffer payload) {
      events.add(new Frame(Received.pong(copy(payload))));
    }

    @Override
    public void onClose(int code, String reason) {
      events.add(new Close(code));
    }

    @Override
    public void onError(CloseCode code, String message) {
      events.add(new Problem("client frame breaks RFC 6455 (" + code + "): " + message));
    }

    private byte[] copy(ByteBuffer b) {
      byte[] out = new byte[b.remaining()];
      b.get(b.position(), out);
      return out;
    }
  }
}
