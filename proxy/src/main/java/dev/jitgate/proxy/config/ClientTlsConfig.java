package dev.jitgate.proxy.config;

import dev.jitgate.proxy.tls.ClientTlsMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Client-facing TLS. Either a certificate chain and key from PEM files, or — for development — a CA
 * generated and kept in {@code devCaDirectory} (its {@code ca.crt} is what clients pass as
 * {@code sslrootcert}) with a server certificate for {@code serverNames}.
 *
 * @param mode how SSLRequest is answered and whether plaintext is accepted
 * @param certificateChain PEM file with the server certificate first, or {@code null}
 * @param privateKey PEM file with the server key, or {@code null}
 * @param devCaDirectory directory for a generated development CA, used when no files are given
 * @param serverNames DNS names and IP addresses the generated certificate covers
 * @param directTls accept PostgreSQL 17 direct TLS (ALPN {@code postgresql}) as well as SSLRequest
 */
public record ClientTlsConfig(
    ClientTlsMode mode,
    Path certificateChain,
    Path privateKey,
    Path devCaDirectory,
    List<String> serverNames,
    boolean directTls) {

  public ClientTlsConfig {
    Objects.requireNonNull(mode, "mode");
    serverNames = serverNames == null ? List.of() : List.copyOf(serverNames);
    if ((certificateChain == null) != (privateKey == null)) {
      throw new IllegalArgumentException("listener.tls.certificate and listener.tls.key must be set together");
    }
    if (mode != ClientTlsMode.DISABLE && certificateChain == null && devCaDirectory == null) {
      throw new IllegalArgumentException(
          "listener.tls: TLS mode " + mode.name().toLowerCase() + " needs certificate+key files or dev-ca-directory");
    }
  }

  /** TLS switched off. */
  public static ClientTlsConfig disabled() {
    return new ClientTlsConfig(ClientTlsMode.DISABLE, null, null, null, List.of(), false);
  }

  public boolean enabled() {
    return mode != ClientTlsMode.DISABLE;
  }
}
