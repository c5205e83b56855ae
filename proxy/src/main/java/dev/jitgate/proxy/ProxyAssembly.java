package dev.jitgate.proxy;

import dev.jitgate.proxy.audit.AuditPipeline;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.auth.CredentialLookup;
import dev.jitgate.proxy.gate.AccessGate;
import dev.jitgate.proxy.gate.StaticAccessGate;
import dev.jitgate.proxy.cancel.CancelRegistry;
import dev.jitgate.proxy.config.ClientTlsConfig;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.metrics.ProxyMetrics;
import dev.jitgate.proxy.server.ProxyServer;
import dev.jitgate.proxy.session.ProxyServices;
import dev.jitgate.proxy.session.ServerTls;
import dev.jitgate.proxy.session.SessionRegistry;
import dev.jitgate.proxy.tls.DevCertificateAuthority;
import dev.jitgate.proxy.tls.IssuedCertificate;
import dev.jitgate.proxy.tls.PemFiles;
import dev.jitgate.proxy.tls.ServerTlsContexts;
import dev.jitgate.proxy.upstream.UpstreamCanceller;
import dev.jitgate.proxy.upstream.UpstreamConnector;
import dev.jitgate.proxy.upstream.UpstreamPool;
import dev.jitgate.proxy.upstream.UpstreamResolver;
import dev.jitgate.proxy.upstream.UpstreamTlsContextCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a ready-to-start {@link ProxyServer} from its configuration and the two pluggable lookups
 * (client credentials, upstream routing). The app module calls this; so do the integration tests.
 */
public final class ProxyAssembly {

  private static final Logger log = LoggerFactory.getLogger(ProxyAssembly.class);

  /** Concurrent upstream cancel connections per proxy; more CancelRequests are dropped. */
  public static final int MAX_CANCELS_IN_FLIGHT = 64;

  private ProxyAssembly() {}

  /** Wires a proxy for statically configured users and routes; see the main overload. */
  public static ProxyServer assemble(
      ProxyConfig config,
      MeterRegistry registry,
      CredentialLookup credentials,
      UpstreamResolver resolver,
      ProxyServer.Transport transport,
      int workerThreads)
      throws IOException {
    return assemble(config, registry, credentials, resolver, transport, workerThreads, null);
  }

  /** Wires a proxy for statically configured users and routes, audited per {@code audit} (null: no audit). */
  public static ProxyServer assemble(
      ProxyConfig config,
      MeterRegistry registry,
      CredentialLookup credentials,
      UpstreamResolver resolver,
      ProxyServer.Transport transport,
      int workerThreads,
      AuditSettings audit)
      throws IOException {
    return assemble(config, registry, new StaticAccessGate(credentials, resolver), transport, workerThreads, audit);
  }

  /** Wires the proxy's services without audit; see the main overload. */
  public static ProxyServer assemble(
      ProxyConfig config,
      MeterRegistry registry,
      AccessGate gate,
      ProxyServer.Transport transport,
      int workerThreads)
      throws IOException {
    return assemble(config, registry, gate, transport, workerThreads, null);
  }

  /**
   * Wires the proxy's services; reads or generates TLS material; opens the audit spool and starts its shipper
   * when {@code audit} is not null; does not bind yet.
   */
  public static ProxyServer assemble(
      ProxyConfig config,
      MeterRegistry registry,
      AccessGate gate,
      ProxyServer.Transport transport,
      int workerThreads,
      AuditSettings audit)
      throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] mockSecret = new byte[32];
    random.nextBytes(mockSecret);
    UpstreamTlsContextCache upstreamTls = new UpstreamTlsContextCache();
    UpstreamConnector connector =
        new UpstreamConnector(transport.channel(), upstreamTls, config.codec().maxBackendMessageLength(), random);
    UpstreamPool upstreams =
        new UpstreamPool(connector, config.upstreamReuse(), config.codec().maxBackendMessageLength());
    ProxyServices services =
        new ProxyServices(
            config,
            serverTls(config.listener().tls()),
            gate,
            upstreams,
            new UpstreamCanceller(transport.channel(), upstreamTls, MAX_CANCELS_IN_FLIGHT),
            new SessionRegistry(config.limits().maxConnections(), config.limits().maxConnectionsPerUser()),
            new CancelRegistry(random),
            new ProxyMetrics(registry, config.proxyName(), upstreams),
            random,
            mockSecret,
            audit == null ? null : AuditPipeline.start(audit, config.proxyName(), registry));
    if (audit == null) {
      log.warn("audit is off: statements are not recorded");
    }
    return new ProxyServer(services, transport, workerThreads);
  }

  /** Client-facing TLS from PEM files, or from a development CA kept in a directory; null when disabled. */
  static ServerTls serverTls(ClientTlsConfig tls) throws IOException {
    if (!tls.enabled()) {
      return null;
    }
    PrivateKey key;
    List<X509Certificate> chain;
    if (tls.certificateChain() != null) {
      key = PemFiles.readPrivateKey(tls.privateKey());
      chain = PemFiles.readCertificates(tls.certificateChain());
    } else {
      DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(tls.devCaDirectory(), "jitgate development CA");
      DevCertificateAuthority.SubjectNames names = DevCertificateAuthority.defaultServerNames();
      List<String> dns = new ArrayList<>(names.dnsNames());
      List<String> ips = new ArrayList<>(names.ipAddresses());
      for (String n : tls.serverNames()) {
        if (n.matches("[0-9.]+|.*:.*")) {
          ips.add(n);
        } else {
          dns.add(n);
        }
      }
      IssuedCertificate issued = ca.issueServer(dns, ips, DevCertificateAuthority.DEFAULT_LEAF_VALIDITY);
      key = issued.privateKey();
      chain = issued.chain();
      log.info("client TLS: development CA in {} (clients use sslrootcert={})", tls.devCaDirectory(),
          tls.devCaDirectory().resolve(DevCertificateAuthority.CA_CERT_FILE));
    }
    return new ServerTls(ServerTlsContexts.forServer(key, chain, tls.directTls()), chain.get(0));
  }
}
