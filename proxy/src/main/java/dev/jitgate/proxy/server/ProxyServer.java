package dev.jitgate.proxy.server;

import dev.jitgate.audit.event.EndReason;
import dev.jitgate.pg.SqlState;
import dev.jitgate.proxy.session.ClientSession;
import dev.jitgate.proxy.session.ProxyServices;
import dev.jitgate.proxy.session.SessionRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's listener: binds, accepts, and shuts down gracefully (stop accepting, let sessions end up to
 * the grace period, then send the rest FATAL 57P01 and close them).
 */
public final class ProxyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  /** Per-channel outbound buffer bounds; beyond the high mark the peer stops reading. */
  public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  /** The Netty transport in use: epoll on Linux where available, NIO elsewhere. */
  public record Transport(
      IoHandlerFactory ioHandlerFactory,
      Class<? extends ServerSocketChannel> serverChannel,
      Class<? extends SocketChannel> channel,
      String name) {

    /** Epoll when the native library loads, NIO otherwise. */
    public static Transport best() {
      if (Epoll.isAvailable()) {
        return new Transport(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class, "epoll");
      }
      return nio();
    }

    public static Transport nio() {
      return new Transport(NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class, "nio");
    }
  }

  private final ProxyServices services;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final Transport transport;
  private Channel serverChannel;

  private final int eventLoops;

  /**
   * @param workerThreads event loop threads for sessions; 0 for {@link #defaultWorkerThreads()}
   */
  public ProxyServer(ProxyServices services, Transport transport, int workerThreads) {
    if (workerThreads < 0) {
      throw new IllegalArgumentException("workerThreads must not be negative");
    }
    this.services = services;
    this.transport = transport;
    this.eventLoops = workerThreads > 0 ? workerThreads : defaultWorkerThreads();
    this.bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    this.workerGroup = new MultiThreadIoEventLoopGroup(eventLoops, transport.ioHandlerFactory());
  }

  /**
   * Session event loops when none are configured: one per processor the JVM may use (which follows a
   * container's CPU limit), not Netty's 2 × processors. A relayed message costs a few system calls and little
   * else, so a loop that serves more sessions per wake-up spends less CPU per message; more loops than cores
   * only add wake-ups and context switches (measured in docs/performance.md).
   */
  public static int defaultWorkerThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** Session event loops this server runs. */
  public int eventLoops() {
    return eventLoops;
  }

  /** Binds the listener; returns the bound address (useful with port 0). */
  public InetSocketAddress start() throws InterruptedException {
    var listener = services.config().listener();
    serverChannel =
        new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(new ClientChannelInitializer(services))
            .bind(listener.host(), listener.port())
            .sync()
            .channel();
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    log.info("jitgate proxy {} listening on {} ({}, {} event loops, TLS {})", services.config().proxyName(), bound,
        transport.name(), eventLoops, listener.tls().mode().configName());
    return bound;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The open sessions, e.g. to end those of a grant that ended. */
  public SessionRegistry sessions() {
    return services.sessions();
  }

  /** Open client connections right now. */
  public int openConnections() {
    return services.sessions().size();
  }

  /**
   * Graceful shutdown: stops accepting, waits up to {@code grace} for sessions to end, then ends the rest
   * with FATAL 57P01 and closes the event loops.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    if (serverChannel != null) {
      serverChannel.close().sync();
    }
    services.upstreams().close(); // sessions ending from now on close their upstream connection
    long deadline = System.nanoTime() + grace.toNanos();
    while (services.sessions().size() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    int remaining = services.sessions().size();
    if (remaining > 0) {
      log.info("shutdown: terminating {} remaining session(s)", remaining);
      for (ClientSession s : services.sessions().snapshot()) {
        s.terminate(SqlState.ADMIN_SHUTDOWN, "terminating connection due to administrator command",
            EndReason.SHUTDOWN);
      }
      long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (services.sessions().size() > 0 && System.nanoTime() < closeDeadline) {
        Thread.sleep(20);
      }
    }
    services.upstreams().close(); // and any parked meanwhile
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    if (services.audit() != null) {
      services.audit().close(); // after the sessions: their session.end events are spooled
    }
  }

  @Override
  public void close() throws InterruptedException {
    shutdown(services.config().limits().shutdownGrace());
  }
}
