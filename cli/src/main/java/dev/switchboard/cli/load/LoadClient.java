package dev.switchboard.cli.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The load tool's event loops and connections: epoll where available (NIO otherwise), one
 * {@link LoopStats} per loop. Thread-safe: its methods may be called from any thread, and
 * connection work is handed to the connections' loops.
 */
public final class LoadClient implements AutoCloseable {

  /** Connection attempts in progress at once, so that the server's accept backlog never overflows. */
  static final int CONNECT_CONCURRENCY = 256;

  /** Connections one local address can hold to one server port: the ephemeral port range, roughly. */
  public static final int CONNECTIONS_PER_SOURCE_ADDRESS = 28_000;

  private final EventLoopGroup group;
  private final Map<EventExecutor, LoopStats> stats = new IdentityHashMap<>();
  private final boolean epoll;
  private final URI url;

  /**
   * @param url {@code ws://HOST:PORT/PATH} of the server
   * @param threads event-loop threads
   * @param busyPoll spin on epoll instead of sleeping in it (see {@link LoadOptions#busyPoll()})
   */
  public LoadClient(URI url, int threads, boolean busyPoll) {
    if (!"ws".equals(url.getScheme()) || url.getHost() == null || url.getPort() <= 0) {
      throw new IllegalArgumentException("--url must be ws://HOST:PORT/PATH with an explicit port, was " + url);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
    }
    this.url = url;
    this.epoll = Epoll.isAvailable() && !"nio".equalsIgnoreCase(System.getProperty("switchboard.transport"));
    if (busyPoll && !epoll) {
      throw new IllegalArgumentException("--busy-poll needs the epoll transport, which is not available here");
    }
    IoHandlerFactory factory;
    if (busyPoll) {
      // Pending tasks first; otherwise spin on epoll_wait with no timeout rather than sleep.
      factory = EpollIoHandler.newFactory(0, () -> (selectNow, hasTasks) -> hasTasks ? selectNow.get() : SelectStrategy.BUSY_WAIT);
    } else {
      factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }
    this.group = new MultiThreadIoEventLoopGroup(threads, factory);
    for (EventExecutor e : group) {
      stats.put(e, new LoopStats());
    }
  }

  public String transport() {
    return epoll ? "epoll" : "nio";
  }

  public URI url() {
    return url;
  }

  /** The request target of the URL: its path (or /) and query. */
  public String target() {
    String p = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? p : p + "?" + url.getRawQuery();
  }

  /** The same server, another path. */
  public String hostHeader() {
    return url.getHost() + ":" + url.getPort();
  }

  /**
   * Opens {@code n} connections, at most {@link #CONNECT_CONCURRENCY} at a time, and completes once
   * all have finished the handshake (a connection's listener hears {@code onOpen} first). Fails
   * with the first connection that could not be opened.
   *
   * @param sources local addresses to spread the connections over (127.0.0.1, .2, ...); 1 binds none
   */
  public CompletableFuture<List<LoadConnection>> open(
      int n, int sources, Function<Integer, LoadConnection> factory, Duration timeout) {
    CompletableFuture<List<LoadConnection>> all = new CompletableFuture<>();
    List<LoadConnection> conns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      conns.add(factory.apply(i));
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
    InetSocketAddress remote = new InetSocketAddress(url.getHost(), url.getPort());
    Runnable[] startNext = new Runnable[1];
    startNext[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n || all.isDone()) {
        return;
      }
      LoadConnection c = conns.get(i);
      Bootstrap bi = b.clone().handler(c);
      ChannelFuture f = sources <= 1 ? bi.connect(remote)
          : bi.connect(remote, new InetSocketAddress("127.0.0." + (1 + i % sources), 0));
      f.addListener(done -> {
        if (!done.isSuccess()) {
          all.completeExceptionally(new IllegalStateException(
              "connection " + (i + 1) + " of " + n + " to " + remote + " failed: " + done.cause(), done.cause()));
          return;
        }
        Channel ch = f.channel();
        c.stats = stats.get(ch.eventLoop());
      });
      c.openFuture().whenComplete((ok, failure) -> {
        if (failure != null) {
          all.completeExceptionally(new IllegalStateException(
              "connection " + (i + 1) + " of " + n + " failed: " + failure.getMessage(), failure));
        } else if (opened.incrementAndGet() == n) {
          all.complete(conns);
        } else {
          startNext[0].run();
        }
      });
    };
    for (int k = 0; k < Math.min(n, CONNECT_CONCURRENCY); k++) {
      startNext[0].run();
    }
    if (n == 0) {
      all.complete(conns);
    }
    return all.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on every loop with its stats and waits (bounded) for all of them. */
  public <T> List<T> onEveryLoop(Function<LoopStats, T> task) {
    List<CompletableFuture<T>> fs = new ArrayList<>();
    for (Map.Entry<EventExecutor, LoopStats> e : stats.entrySet()) {
      CompletableFuture<T> f = new CompletableFuture<>();
      e.getKey().execute(() -> {
        try {
          f.complete(task.apply(e.getValue()));
        } catch (Throwable t) {
          f.completeExceptionally(t);
        }
      });
      fs.add(f);
    }
    List<T> out = new ArrayList<>();
    for (CompletableFuture<T> f : fs) {
      out.add(await(f, Duration.ofSeconds(30), "an event-loop task"));
    }
    return out;
  }

  /** The merged stats of every loop, taken on the loops. */
  public LoopStats.Snapshot snapshot() {
    LoopStats.Snapshot sum = LoopStats.Snapshot.empty();
    for (LoopStats.Snapshot s : onEveryLoop(LoopStats::snapshot)) {
      sum = sum.plus(s);
    }
    return sum;
  }

  /** Closes every connection and waits (bounded) for the loops to stop. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  static <T> T await(CompletableFuture<T> f, Duration timeout, String what) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof TimeoutException ? new IllegalStateException(what + " took over " + timeout.toSeconds() + " s") : e.getCause();
      throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " took over " + timeout.toSeconds() + " s", e);
    }
  }

  @Override
  public String toString() {
    return "LoadClient[" + url + ", " + transport() + ", loops=" + stats.size() + "]";
  }
}
