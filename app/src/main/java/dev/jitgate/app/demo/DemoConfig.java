package dev.jitgate.app.demo;

/**
 * The configuration file the demo writes into its state directory and runs with: the admin API and the
 * grant-mode proxy on one SQLite store, TLS from the demo CA ({@code ca/}, relative to the file). It is a
 * normal {@code jitgate.yaml}: reading it shows how grant mode is configured.
 */
final class DemoConfig {

  private DemoConfig() {}

  /**
   * The YAML text.
   *
   * @param proxyPort the proxy's port
   * @param apiPort the admin API's port
   * @param logLevel {@code logging.level}
   */
  static String yaml(int proxyPort, int apiPort, String logLevel) {
    return """
        # Written by `jitgate demo` for this run (it is rewritten at every start). The same file runs with
        # `jitgate run --config jitgate.yaml` while the demo's upstream PostgreSQL is up.
        proxy:
          name: jitgate-demo
          listen:
            host: %1$s
            port: %2$d
            tls:
              mode: require
              dev-ca-directory: ./ca
          access: grants             # logins are checked against access grants in the store below
          jit:
            role-prefix: jitgate     # jitgate_managed, jitgate_read, ... in the upstream
            connection-limit: 10
            reconcile-interval: 1m
          limits:
            shutdown-grace: 2s
        admin:
          listen:
            host: %1$s
            port: %3$d
          proxy-endpoint:
            host: %1$s
            port: %2$d
            sslmode: verify-full
        store:
          sqlite:
            path: ./jitgate.db
        metrics:
          listen: off                # the admin API serves /metrics
        logging:
          level: %4$s
        """.formatted(DemoUpstream.HOST, proxyPort, apiPort, logLevel);
  }
}
