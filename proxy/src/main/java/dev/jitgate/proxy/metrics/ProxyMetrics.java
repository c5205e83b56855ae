package dev.jitgate.proxy.metrics;

import dev.jitgate.proxy.upstream.UpstreamPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's Micrometer meters, created once per proxy and handed to the handlers. Names follow
 * Prometheus conventions once exported ({@code jitgate_proxy_sessions_active}, …).
 */
public final class ProxyMetrics {

  /** Why a connection ended without becoming a session, or how a session ended. */
  public enum Outcome {
    COMPLETED,
    AUTH_FAILED,
    REJECTED,
    UPSTREAM_FAILED,
    PROTOCOL_ERROR,
    TIMEOUT,
    CANCEL_REQUEST
  }

  private final AtomicInteger connectionsOpen = new AtomicInteger();
  private final AtomicInteger sessionsActive = new AtomicInteger();
  private final Counter bytesFromClients;
  private final Counter bytesToClients;
  private final Counter authFailures;
  private final Counter cancelsForwarded;
  private final Counter cancelsIgnored;
  private final Timer handshake;
  private final Counter[] outcomes = new Counter[Outcome.values().length];

  /** The proxy's meters, with those of its upstream connection pool. */
  public ProxyMetrics(MeterRegistry registry, String proxyName, UpstreamPool upstreams) {
    this(registry, proxyName);
    Gauge.builder("jitgate.proxy.upstream.idle", upstreams, UpstreamPool::idleConnections)
        .description("Upstream connections kept for reuse, not in use")
        .tag("proxy", proxyName)
        .register(registry);
    FunctionCounter.builder("jitgate.proxy.upstream.connections", upstreams, UpstreamPool::reusedCount)
        .description("Upstream connections sessions got: a kept one (reused) or a new login (opened)")
        .tag("source", "reused").tag("proxy", proxyName)
        .register(registry);
    FunctionCounter.builder("jitgate.proxy.upstream.connections", upstreams, UpstreamPool::openedCount)
        .description("Upstream connections sessions got: a kept one (reused) or a new login (opened)")
        .tag("source", "opened").tag("proxy", proxyName)
        .register(registry);
    FunctionCounter.builder("jitgate.proxy.upstream.reset.failures", upstreams, UpstreamPool::resetFailureCount)
        .description("Upstream connections closed instead of kept because their reset (DISCARD ALL) failed")
        .tag("proxy", proxyName)
        .register(registry);
  }

  public ProxyMetrics(MeterRegistry registry, String proxyName) {
    Gauge.builder("jitgate.proxy.connections.open", connectionsOpen, AtomicInteger::get)
        .description("Client connections open, in any phase")
        .tag("proxy", proxyName)
        .register(registry);
    Gauge.builder("jitgate.proxy.sessions.active", sessionsActive, AtomicInteger::get)
        .description("Sessions relaying between a client and an upstream server")
        .tag("proxy", proxyName)
        .register(registry);
    bytesFromClients =
        Counter.builder("jitgate.proxy.bytes").tag("direction", "client_to_upstream").tag("proxy", proxyName)
            .baseUnit("bytes").description("Bytes relayed").register(registry);
    bytesToClients =
        Counter.builder("jitgate.proxy.bytes").tag("direction", "upstream_to_client").tag("proxy", proxyName)
            .baseUnit("bytes").description("Bytes relayed").register(registry);
    authFailures =
        Counter.builder("jitgate.proxy.auth.failures").tag("proxy", proxyName)
            .description("Failed client authentications (wrong password or unknown user)").register(registry);
    cancelsForwarded =
        Counter.builder("jitgate.proxy.cancel.requests").tag("result", "forwarded").tag("proxy", proxyName)
            .description("CancelRequests received").register(registry);
    cancelsIgnored =
        Counter.builder("jitgate.proxy.cancel.requests").tag("result", "ignored").tag("proxy", proxyName)
            .description("CancelRequests received").register(registry);
    handshake =
        Timer.builder("jitgate.proxy.handshake").tag("proxy", proxyName)
            .description("From accept to the first ReadyForQuery: TLS, authentication, upstream login")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    for (Outcome o : Outcome.values()) {
      outcomes[o.ordinal()] =
          Counter.builder("jitgate.proxy.connections").tag("outcome", o.name().toLowerCase()).tag("proxy", proxyName)
              .description("Client connections by how they ended").register(registry);
    }
  }

  public void connectionOpened() {
    connectionsOpen.incrementAndGet();
  }

  public void connectionClosed(Outcome outcome) {
    connectionsOpen.decrementAndGet();
    outcomes[outcome.ordinal()].increment();
  }

  public void sessionStarted(Duration handshakeTime) {
    sessionsActive.incrementAndGet();
    handshake.record(handshakeTime);
  }

  public void sessionEnded() {
    sessionsActive.decrementAndGet();
  }

  public void bytesFromClient(long n) {
    bytesFromClients.increment(n);
  }

  public void bytesToClient(long n) {
    bytesToClients.increment(n);
  }

  public void authFailed() {
    authFailures.increment();
  }

  public void cancelForwarded() {
    cancelsForwarded.increment();
  }

  public void cancelIgnored() {
    cancelsIgnored.increment();
  }

  public int connectionsOpen() {
    return connectionsOpen.get();
  }

  public int sessionsActive() {
    return sessionsActive.get();
  }
}
