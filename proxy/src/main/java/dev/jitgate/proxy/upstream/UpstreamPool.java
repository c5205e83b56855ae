package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.NoticeResponse;
import dev.jitgate.pg.backend.ParameterStatus;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.frontend.Query;
import dev.jitgate.pg.frontend.Terminate;
import dev.jitgate.pg.netty.PgFrame;
import dev.jitgate.pg.netty.PgFrameDecoder;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.config.UpstreamReuseConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out logged-in upstream connections: one kept from an earlier session when reuse is enabled and one
 * fits, else a new one from the {@link UpstreamConnector}. A connection fits when it was opened for the same
 * upstream (server, database, role, credentials), requested protocol version and forwarded startup parameters —
 * so that {@code RESET ALL} brings it back to exactly what a new login would give. One on the asking session's
 * event loop is preferred; another is moved to that loop first (a session's two channels share one thread).
 *
 * <p>{@link #release} takes back a connection whose session ended cleanly: it sends {@code DISCARD ALL} (closes
 * cursors, drops temporary tables, prepared statements and plans, releases advisory locks, stops listening,
 * resets every setting and the session authorization), keeps the ParameterStatus values the server reports,
 * and parks the connection if the reset ended idle without error. A parked connection that receives anything
 * (e.g. the server terminating it) or stays unused for the idle timeout is closed. Without reuse, or when the
 * reset fails, the connection gets a Terminate and is closed.
 */
public final class UpstreamPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpstreamPool.class);

  /** The query that resets a connection between sessions. */
  static final String RESET_QUERY = "DISCARD ALL";
  /** Longest wait for the reset's ReadyForQuery. */
  static final Duration RESET_TIMEOUT = Duration.ofSeconds(10);

  private final UpstreamConnector connector;
  private final UpstreamReuseConfig config;
  private final int maxBackendMessageLength;
  private final Map<Key, ConcurrentLinkedDeque<Parked>> parked = new ConcurrentHashMap<>();
  private final AtomicInteger idle = new AtomicInteger();
  private final LongAdder reused = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder resetFailures = new LongAdder();
  private volatile boolean closed;

  /**
   * @param connector opens new connections
   * @param config whether and how long connections are kept
   * @param maxBackendMessageLength the largest server message accepted while resetting
   */
  public UpstreamPool(UpstreamConnector connector, UpstreamReuseConfig config, int maxBackendMessageLength) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.config = Objects.requireNonNull(config, "config");
    this.maxBackendMessageLength = maxBackendMessageLength;
  }

  /** Whether sessions should try to give their connection back ({@link #release}) instead of closing it. */
  public boolean reuseEnabled() {
    return config.enabled() && !closed;
  }

  /**
   * A logged-in connection to {@code target} on {@code loop}: a parked one that fits, else a new login with
   * {@code version} and {@code parameters} (see {@link UpstreamConnector#connect}).
   */
  public Future<UpstreamConnection> acquire(
      EventLoop loop, UpstreamConfig target, ProtocolVersion version, Map<String, String> parameters) {
    if (config.enabled()) {
      ConcurrentLinkedDeque<Parked> candidates = parked.get(new Key(target, version, Map.copyOf(parameters)));
      Parked p;
      while (candidates != null && (p = pick(candidates, loop)) != null) {
        if (p.take()) {
          reused.increment();
          return handOver(p.connection(), loop, target, version, parameters);
        }
      }
    }
    return open(loop, target, version, parameters);
  }

  private Future<UpstreamConnection> open(
      EventLoop loop, UpstreamConfig target, ProtocolVersion version, Map<String, String> parameters) {
    opened.increment();
    return connector.connect(loop, target, version, parameters);
  }

  /** The most recently parked candidate on {@code loop}, else the most recently parked one; null when none. */
  private static Parked pick(ConcurrentLinkedDeque<Parked> candidates, EventLoop loop) {
    for (var it = candidates.descendingIterator(); it.hasNext(); ) {
      Parked p = it.next();
      if (p.connection().channel().eventLoop() == loop) {
        return p;
      }
    }
    return candidates.peekLast();
  }

  /**
   * {@code connection} for a session on {@code loop}: as it is when it already runs there, else moved to
   * {@code loop} (a session's two channels share one thread); a new login when the move fails.
   */
  private Future<UpstreamConnection> handOver(UpstreamConnection connection, EventLoop loop, UpstreamConfig target,
      ProtocolVersion version, Map<String, String> parameters) {
    Channel channel = connection.channel();
    if (channel.eventLoop() == loop) {
      return loop.newSucceededFuture(connection);
    }
    Promise<UpstreamConnection> moved = loop.newPromise();
    channel.deregister().addListener(off -> {
      if (!off.isSuccess()) {
        channel.close();
        cascade(open(loop, target, version, parameters), moved);
        return;
      }
      loop.register(channel).addListener(on -> {
        if (on.isSuccess()) {
          moved.trySuccess(connection);
        } else {
          channel.close();
          cascade(open(loop, target, version, parameters), moved);
        }
      });
    });
    return moved;
  }

  private static void cascade(Future<UpstreamConnection> from, Promise<UpstreamConnection> to) {
    from.addListener(f -> {
      if (f.isSuccess()) {
        to.trySuccess(from.getNow());
      } else {
        to.tryFailure(f.cause());
      }
    });
  }

  /**
   * Takes back the connection of a session that ended cleanly (its client's Terminate withheld, nothing in
   * flight, no transaction open): resets and parks it, or closes it when reuse is off, the pool is closed or
   * the reset fails. Call on the connection's event loop, after removing the session's handlers.
   *
   * @param version the protocol version the session asked for (the key it was acquired with)
   * @param parameters the startup parameters it was acquired with
   * @param reported the ParameterStatus values the server reported up to now, in order of first report
   */
  public void release(UpstreamConnection connection, ProtocolVersion version, Map<String, String> parameters,
      Map<String, String> reported) {
    Channel channel = connection.channel();
    if (!reuseEnabled() || !channel.isActive()) {
      terminate(channel);
      return;
    }
    Key key = new Key(connection.config(), version, Map.copyOf(parameters));
    channel.config().setAutoRead(true);
    channel.pipeline().addLast("frames", new PgFrameDecoder(maxBackendMessageLength));
    channel.pipeline().addLast("reset", new Reset(key, connection, new LinkedHashMap<>(reported)));
    channel.writeAndFlush(new Query(RESET_QUERY));
  }

  /** Connections parked right now. */
  public int idleConnections() {
    return idle.get();
  }

  /** Sessions served by a parked connection so far. */
  public long reusedCount() {
    return reused.sum();
  }

  /** Sessions served by a new login so far. */
  public long openedCount() {
    return opened.sum();
  }

  /** Resets that failed (the connection was closed instead of parked) so far. */
  public long resetFailureCount() {
    return resetFailures.sum();
  }

  /** Stops parking and closes every parked connection (with a Terminate). */
  @Override
  public void close() {
    closed = true;
    for (ConcurrentLinkedDeque<Parked> queue : parked.values()) {
      Parked p;
      while ((p = queue.pollFirst()) != null) {
        if (p.take()) {
          terminate(p.connection().channel());
        }
      }
    }
  }

  private static void terminate(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Terminate.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  private void park(Key key, UpstreamConnection connection) {
    Channel channel = connection.channel();
    ConcurrentLinkedDeque<Parked> queue = parked.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
    if (closed || queue.size() >= config.maxIdlePerTarget()) {
      terminate(channel);
      return;
    }
    Parked p = new Parked(key, connection, queue);
    channel.pipeline().addLast("parked", p);
    p.timeout = channel.eventLoop().schedule(p::expire, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    idle.incrementAndGet();
    queue.addLast(p);
    if (closed && p.take()) { // close() ran meanwhile
      terminate(channel);
    }
  }

  /** What a parked connection is kept under. */
  private record Key(UpstreamConfig target, ProtocolVersion version, Map<String, String> parameters) {}

  /** Runs {@code DISCARD ALL} on a released connection and parks it when the server ends idle without error. */
  private final class Reset extends ChannelInboundHandlerAdapter {
    private final Key key;
    private final UpstreamConnection released;
    private final LinkedHashMap<String, String> reported;
    private boolean failed;
    private boolean done;
    private ScheduledFuture<?> timeout;

    Reset(Key key, UpstreamConnection released, LinkedHashMap<String, String> reported) {
      this.key = key;
      this.released = released;
      this.reported = reported;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      timeout = ctx.executor().schedule(() -> finish(ctx, false, "no answer within " + RESET_TIMEOUT.toSeconds()
          + " s"), RESET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof PgFrame frame)) {
        ReferenceCountUtil.release(msg);
        finish(ctx, false, "unexpected data");
        return;
      }
      BackendMessage message;
      try {
        message = BackendMessages.decode(frame.type(), frame.body());
      } catch (RuntimeException e) {
        finish(ctx, false, "undecodable answer: " + e.getMessage());
        return;
      } finally {
        frame.release();
      }
      switch (message) {
        case ParameterStatus s -> reported.put(s.name(), s.value());
        case CommandComplete c -> { }
        case NoticeResponse n -> { }
        case ReadyForQuery r -> finish(ctx, !failed && r.status() == ReadyForQuery.TransactionStatus.IDLE,
            "ended in transaction state " + r.status());
        default -> failed = true; // ErrorResponse or anything a DISCARD ALL should not produce
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finish(ctx, false, "connection closed");
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(ctx, false, cause.toString());
    }

    private void finish(ChannelHandlerContext ctx, boolean ok, String problem) {
      if (done) {
        return;
      }
      done = true;
      if (timeout != null) {
        timeout.cancel(false);
      }
      Channel channel = ctx.channel();
      if (channel.isActive()) {
        channel.pipeline().remove("frames");
        channel.pipeline().remove(this);
      }
      if (!ok) {
        resetFailures.increment();
        log.info("upstream connection to {} not kept: {} failed: {}", released.config().database(), RESET_QUERY,
            problem);
        terminate(channel);
        return;
      }
      List<ParameterStatus> parameters = new ArrayList<>(reported.size());
      reported.forEach((name, value) -> parameters.add(new ParameterStatus(name, value)));
      park(key, new UpstreamConnection(channel, released.config(), released.protocolVersion(), parameters,
          List.of(), released.keyData(), new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE)));
    }
  }

  /**
   * A parked connection: closes it on anything the server sends (a termination, a notification) and when it
   * stays unused past the idle timeout. {@link #take} claims it exactly once, for a session or for closing.
   */
  private final class Parked extends ChannelInboundHandlerAdapter {
    private final Key key;
    private final UpstreamConnection connection;
    private final ConcurrentLinkedDeque<Parked> queue;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private ScheduledFuture<?> timeout;

    Parked(Key key, UpstreamConnection connection, ConcurrentLinkedDeque<Parked> queue) {
      this.key = key;
      this.connection = connection;
      this.queue = queue;
    }

    UpstreamConnection connection() {
      return connection;
    }

    /** Claims the connection: true once, when it is still open; it then belongs to the caller, unwatched. */
    boolean take() {
      if (!claimed.compareAndSet(false, true)) {
        return false;
      }
      idle.decrementAndGet();
      queue.remove(this);
      if (queue.isEmpty()) {
        parked.remove(key, queue); // keys carry startup parameters: do not keep one per value ever seen
      }
      if (timeout != null) {
        timeout.cancel(false);
      }
      Channel channel = connection.channel();
      if (!channel.isActive()) {
        return false;
      }
      if (channel.pipeline().get("parked") == this) {
        channel.pipeline().remove(this);
      }
      return true;
    }

    void expire() {
      if (take()) {
        terminate(connection.channel());
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      if (take()) {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      take();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (take()) {
        ctx.close();
      }
    }
  }
}
