package dev.jitgate.proxy.relay;

import dev.jitgate.pg.MessageStreamScanner;
import dev.jitgate.pg.netty.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Relays one direction of a session: every buffer read from this channel is written, as it is, to the
 * peer channel (no copy, no re-framing), and flushed once per read burst. A {@link
 * MessageStreamScanner} follows message boundaries on the side, for limits and inspection. Backpressure:
 * when this channel cannot take more writes, the peer stops reading until it can.
 *
 * <p>A buffer may have to wait for a barrier ({@link Events#forwardBarrier()}, e.g. fail-closed audit): it is
 * held, with every buffer after it, until the barrier completes, and forwarded in order; more than
 * {@value #MAX_HELD_BYTES} bytes held stop this channel's reads meanwhile.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

  /** What the session learns from the relay. */
  public interface Events {
    /** Bytes were read (and forwarded); called once per buffer. */
    void bytesRelayed(int n);

    /** The stream broke the protocol (e.g. a message over the size limit); the relay stops. */
    void protocolViolation(RuntimeException e);

    /** The channel failed (I/O error, TLS error); the session must end. */
    void transportFailed(Throwable cause);

    /**
     * Asked after each buffer is scanned: a future the buffer must wait for before it is forwarded (e.g. its
     * audit events becoming durable), or null to forward it as soon as the buffers before it are. A failed
     * future (already failed or failing later) stops the relay: held buffers are released, never forwarded,
     * and {@link #forwardRefused} is called.
     */
    default CompletableFuture<?> forwardBarrier() {
      return null;
    }

    /** A barrier failed: nothing held was forwarded, and the session must end. */
    default void forwardRefused(Throwable cause) {}

    /**
     * Asked after each buffer is scanned, before anything else: how many bytes at its end must not be forwarded
     * (e.g. a client's closing Terminate, when the session keeps the upstream connection for another session).
     * At most the buffer's readable bytes; 0 to forward it whole.
     */
    default int trailingBytesToWithhold(ByteBuf scanned) {
      return 0;
    }
  }

  /** Bytes held for a barrier above which this channel stops reading until they are forwarded. */
  static final int MAX_HELD_BYTES = 1 << 20;

  /** A scanned buffer waiting for its barrier. */
  private record Held(ByteBuf buf, CompletableFuture<?> barrier) {}

  private final Channel peer;
  private final MessageStreamScanner scanner;
  private final Events events;
  private boolean pendingFlush;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean pausedForBarrier;
  private boolean refused;
  private ChannelHandlerContext context;

  public RelayHandler(Channel peer, MessageStreamScanner scanner, Events events) {
    this.peer = peer;
    this.scanner = scanner;
    this.events = events;
  }

  /** True when everything read so far ends on a message boundary. */
  public boolean atMessageBoundary() {
    return scanner.atMessageBoundary();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf =
        switch (msg) {
          case ByteBuf b -> b;
          case PgFrame f -> f.content();
          default -> {
            ReferenceCountUtil.release(msg);
            yield null;
          }
        };
    if (buf == null) {
      return;
    }
    try {
      scanner.scan(buf);
    } catch (RuntimeException e) {
      buf.release();
      events.protocolViolation(e);
      return;
    }
    if (refused) {
      buf.release();
      return;
    }
    int withheld = events.trailingBytesToWithhold(buf);
    if (withheld > 0) {
      buf.writerIndex(buf.writerIndex() - Math.min(withheld, buf.readableBytes()));
      if (!buf.isReadable()) {
        buf.release();
        return;
      }
    }
    events.bytesRelayed(buf.readableBytes());
    CompletableFuture<?> barrier = events.forwardBarrier();
    if (held.isEmpty() && (barrier == null || isSucceeded(barrier))) {
      peer.write(buf, peer.voidPromise());
      pendingFlush = true;
      return;
    }
    context = ctx;
    held.add(new Held(buf, barrier));
    heldBytes += buf.readableBytes();
    if (heldBytes > MAX_HELD_BYTES && !pausedForBarrier) {
      pausedForBarrier = true;
      ctx.channel().config().setAutoRead(false);
    }
    if (barrier != null && !barrier.isDone()) {
      barrier.whenComplete((ok, error) -> ctx.executor().execute(this::drain));
    }
    drain();
  }

  private static boolean isSucceeded(CompletableFuture<?> f) {
    return f.isDone() && !f.isCompletedExceptionally();
  }

  /** Forwards held buffers whose barriers completed, in order; stops the relay at a failed one. */
  private void drain() {
    boolean wrote = false;
    while (!held.isEmpty() && !refused) {
      Held next = held.peekFirst();
      CompletableFuture<?> barrier = next.barrier();
      if (barrier != null && !barrier.isDone()) {
        break;
      }
      if (barrier != null && barrier.isCompletedExceptionally()) {
        refuse(barrier);
        return;
      }
      held.removeFirst();
      heldBytes -= next.buf().readableBytes();
      peer.write(next.buf(), peer.voidPromise());
      wrote = true;
    }
    if (wrote) {
      peer.flush();
    }
    if (pausedForBarrier && heldBytes <= MAX_HELD_BYTES / 2 && context != null) {
      pausedForBarrier = false;
      context.channel().config().setAutoRead(peer.isWritable());
    }
  }

  private void refuse(CompletableFuture<?> barrier) {
    refused = true;
    releaseHeld();
    Throwable cause;
    try {
      barrier.join();
      cause = new IllegalStateException("barrier failed");
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      cause = e.getCause() == null ? e : e.getCause();
    }
    events.forwardRefused(cause);
  }

  private void releaseHeld() {
    for (Held h : held) {
      h.buf().release();
    }
    held.clear();
    heldBytes = 0;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseHeld();
    ctx.fireChannelInactive();
  }

  /** Set by the session: whether the peer's own relay holds too much for a barrier to let it read. */
  private java.util.function.BooleanSupplier peerPaused = () -> false;

  /** Tells this handler how to see whether the opposite relay paused its channel for a barrier. */
  public void peerPausedBy(RelayHandler opposite) {
    this.peerPaused = () -> opposite.pausedForBarrier;
  }

  private boolean peerPaused() {
    return peerPaused.getAsBoolean();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (pendingFlush) {
      pendingFlush = false;
      peer.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    events.transportFailed(cause);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    peer.config().setAutoRead(ctx.channel().isWritable() && !peerPaused());
    ctx.fireChannelWritabilityChanged();
  }
}
