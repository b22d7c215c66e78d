package dev.switchboard.bench.peers;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one peer server of the load benchmark until the process is killed:
 * {@code java -cp bench/target/benchmarks.jar dev.switchboard.bench.peers.PeerServer KIND PORT}.
 * Every peer serves {@code /echo} (each message back, unchanged) and {@code /broadcast} (each
 * message to every connection on that path, the sender included), on one I/O thread where the
 * library lets us choose, and prints {@code KIND listening on PORT} once bound.
 *
 * <p>KIND is {@code netty} (Netty 4.2 websocketx on epoll), {@code jetty} (Jetty 12's WebSocket
 * API), {@code java-websocket} (TooTallNate's Java-WebSocket) or {@code raw} (a TCP echo on Netty
 * epoll after a minimal upgrade response: the ceiling, echo only).
 */
public final class PeerServer {

  private PeerServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PeerServer netty|jetty|java-websocket|raw PORT");
      System.exit(2);
    }
    String kind = args[0].toLowerCase(Locale.ROOT);
    int port = Integer.parseInt(args[1]);
    AutoCloseable server = switch (kind) {
      case "netty" -> NettyWebSocketPeer.start(port);
      case "raw" -> RawTcpEchoPeer.start(port);
      case "jetty" -> JettyPeer.start(port);
      case "java-websocket" -> JavaWebSocketPeer.start(port);
      default -> {
        System.err.println("unknown peer '" + kind + "': netty, jetty, java-websocket or raw");
        System.exit(2);
        yield null;
      }
    };
    System.out.println(kind + " listening on " + port);
    System.out.flush();
    CountDownLatch never = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        // exiting anyway
      }
    }));
    never.await();
  }
}
