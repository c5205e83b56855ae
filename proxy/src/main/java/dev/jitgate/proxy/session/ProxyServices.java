package dev.jitgate.proxy.session;

import dev.jitgate.proxy.audit.AuditPipeline;
import dev.jitgate.proxy.gate.AccessGate;
import dev.jitgate.proxy.cancel.CancelRegistry;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.metrics.ProxyMetrics;
import dev.jitgate.proxy.upstream.UpstreamCanceller;
import dev.jitgate.proxy.upstream.UpstreamPool;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * What every client session of one proxy shares, wired once by the server. Each part is thread-safe.
 *
 * @param config the validated configuration
 * @param serverTls client-facing TLS, or {@code null} when TLS is disabled
 * @param gate what a client authenticates against and where an authenticated client may go
 * @param upstreams logged-in upstream connections: kept ones when reuse is on, else new logins
 * @param canceller forwards cancel requests upstream
 * @param sessions open connections and limits
 * @param cancels the proxy's cancel keys
 * @param metrics meters
 * @param random randomness for keys and nonces
 * @param mockSecret server secret that makes mock SCRAM salts of unknown users stable
 * @param audit the audit pipeline, or {@code null} when sessions are not audited
 */
public record ProxyServices(
    ProxyConfig config,
    ServerTls serverTls,
    AccessGate gate,
    UpstreamPool upstreams,
    UpstreamCanceller canceller,
    SessionRegistry sessions,
    CancelRegistry cancels,
    ProxyMetrics metrics,
    SecureRandom random,
    byte[] mockSecret,
    AuditPipeline audit) {

  public ProxyServices {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(upstreams, "upstreams");
    Objects.requireNonNull(canceller, "canceller");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(cancels, "cancels");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(random, "random");
    mockSecret = mockSecret.clone();
    if (config.listener().tls().enabled() && serverTls == null) {
      throw new IllegalArgumentException("TLS is enabled but no server TLS context was given");
    }
  }

  @Override
  public String toString() {
    return "ProxyServices[" + config.proxyName() + "]";
  }
}
