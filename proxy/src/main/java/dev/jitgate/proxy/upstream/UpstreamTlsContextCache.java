package dev.jitgate.proxy.upstream;

import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import dev.jitgate.proxy.tls.UpstreamTlsContexts;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds each upstream TLS context once per (SSL mode, CA bundle) and reuses it, so that connecting does
 * not re-read CA files. Thread-safe.
 */
public final class UpstreamTlsContextCache {

  private record Key(UpstreamSslMode mode, Path caBundle) {}

  private final ConcurrentHashMap<Key, SslContext> contexts = new ConcurrentHashMap<>();

  /** The context for {@code config}, or {@code null} when its SSL mode uses no TLS. */
  public SslContext contextFor(UpstreamConfig config) {
    if (!config.sslMode().allowsTls()) {
      return null;
    }
    return contexts.computeIfAbsent(
        new Key(config.sslMode(), config.sslRootCert()),
        k -> {
          try {
            return UpstreamTlsContexts.forUpstream(k.mode(), k.caBundle());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read upstream CA bundle " + k.caBundle(), e);
          }
        });
  }
}
