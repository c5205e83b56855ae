package dev.jitgate.app.demo;

/**
 * The configuration file the demo writes into its state directory and runs with: the admin API and the
 * grant-mode proxy on one SQLite store, TLS from the demo CA ({@code ca/}, relative to the file), every session
 * audited into a spool and shipped to the auditor role (its SQLite audit store is what the admin API searches).
 * It is a normal {@code jitgate.yaml}: reading it shows how grant mode and audit are configured.
 */
final class DemoConfig {

  private DemoConfig() {}

  /**
   * The YAML text.
   *
   * @param proxyPort the proxy's port
   * @param apiPort the admin API's port
   * @param logLevel {@code logging.level}
   * @param auditorPort the auditor's port
   * @param ingestTokenHash lower-case hex SHA-256 of the ingest token (the token itself is in a file)
   */
  static String yaml(int proxyPort, int apiPort, String logLevel, int auditorPort, String ingestTokenHash) {
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
          audit:                     # every statement is recorded: spooled durably, then shipped to the auditor
            fail-closed: false
            spool:
              directory: ./audit-spool
              fsync: always
              max-bytes: 256MiB
              segment-bytes: 16MiB
            auditor:
              url: http://%1$s:%5$d/v1/events
              token: file:./audit-ingest.token
        auditor:
          listen: %1$s:%5$d
          store:
            sqlite:
              path: ./audit.db
          ingest-tokens:
            - sha256:%6$s      # only the token's hash; the proxy reads the token from audit-ingest.token
        admin:
          listen:
            host: %1$s
            port: %3$d
          proxy-endpoint:
            host: %1$s
            port: %2$d
            sslmode: verify-full
          audit:                     # search reads the auditor's store; admin actions go to the auditor in-process
            store:
              sqlite:
                path: ./audit.db
        store:
          sqlite:
            path: ./jitgate.db
        metrics:
          listen: off                # the admin API serves /metrics
        logging:
          level: %4$s
        """.formatted(DemoUpstream.HOST, proxyPort, apiPort, logLevel, auditorPort, ingestTokenHash);
  }
}
