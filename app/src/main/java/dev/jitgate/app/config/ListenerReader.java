package dev.jitgate.app.config;

import dev.jitgate.proxy.config.ClientTlsConfig;
import dev.jitgate.proxy.config.ListenerConfig;
import dev.jitgate.proxy.tls.ClientTlsMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads {@code proxy.listen}: bind address and client-facing TLS. */
final class ListenerReader {

  static final String DEFAULT_HOST = "0.0.0.0";
  static final int DEFAULT_PORT = 6432;

  private ListenerReader() {}

  static Optional<ListenerConfig> read(ConfigNode listen) {
    int before = listen.errorCount();
    String host = listen.get("host").string(DEFAULT_HOST);
    int port = listen.get("port").integer(DEFAULT_PORT, 0, 65535);
    Optional<ClientTlsConfig> tls = tls(listen.get("tls"));
    if (tls.isEmpty() || listen.errorCount() > before) {
      return Optional.empty();
    }
    return Optional.of(new ListenerConfig(host, port, tls.get()));
  }

  private static Optional<ClientTlsConfig> tls(ConfigNode tls) {
    int before = tls.errorCount();
    ConfigNode modeKey = tls.get("mode");
    ClientTlsMode mode = modeKey.choice(ClientTlsMode.REQUIRE, ClientTlsMode.values(), ClientTlsMode::configName);
    ConfigNode certificateKey = tls.get("certificate");
    ConfigNode keyKey = tls.get("key");
    Path certificate = certificateKey.existingFile().orElse(null);
    Path key = keyKey.existingFile().orElse(null);
    Path devCa = tls.get("dev-ca-directory").filePath().orElse(null);
    List<String> serverNames = tls.get("server-names").strings(List.of());
    boolean directTls = tls.get("direct-tls").bool(true);
    if (certificateKey.isSet() != keyKey.isSet()) {
      (certificateKey.isSet() ? keyKey : certificateKey)
          .error("certificate and key must be set together (PEM chain and its private key)");
    }
    if (mode != ClientTlsMode.DISABLE && !certificateKey.isSet() && devCa == null) {
      tls.error("mode " + mode.configName() + " needs certificate and key files, or dev-ca-directory for a"
          + " generated development CA (or mode: disable)");
    }
    if (mode == ClientTlsMode.DISABLE) {
      modeKey.warn("client TLS is disabled: passwords and data cross the network in clear text");
    }
    if (tls.errorCount() > before) {
      return Optional.empty();
    }
    if (certificate != null && devCa != null) {
      tls.get("dev-ca-directory").warn("ignored because certificate and key are set");
    }
    return Optional.of(new ClientTlsConfig(mode, certificate, key, certificate != null ? null : devCa,
        serverNames, directTls));
  }
}
